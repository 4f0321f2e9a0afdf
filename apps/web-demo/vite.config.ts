import { defineConfig } from 'vite';

// `base: './'` makes every asset URL relative, so `dist/` works from any static directory (or a sub-path).
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
});
