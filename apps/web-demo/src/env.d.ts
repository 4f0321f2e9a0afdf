/** Versions of the app and the workspace packages it bundles, injected by vite.config.ts (`define`). */
declare const __LAB_VERSIONS__: Record<string, string>;
