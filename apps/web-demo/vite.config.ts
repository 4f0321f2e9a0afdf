import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

// Versions recorded in every JSON download: the app's and those of the workspace packages it bundles (read from
// the package.json files pnpm links into this app's node_modules).
const version = (rel: string) =>
  (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
const versions = Object.fromEntries([
  ['@landscape-lab/web-demo', version('./package.json')],
  ...['core-math', 'trainers', 'landscape-analysis', 'studies'].map((p) => [
    `@landscape-lab/${p}`,
    version(`./node_modules/@landscape-lab/${p}/package.json`),
  ]),
]);

// `base: './'` makes every asset URL relative, so `dist/` works from any static directory (or a sub-path).
export default defineConfig({
  base: './',
  define: { __LAB_VERSIONS__: JSON.stringify(versions) },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
});
