import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// esbuild compiles the JSX (React's automatic runtime), so no React plugin is needed.
export default defineConfig({
  root: here('.'),
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    // The server's Content-Security-Policy forbids inline script: keep Vite's module preload
    // polyfill (an inline snippet in some setups) out, and every asset a file of its own.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      // TanStack Query marks its modules "use client" for React Server Components; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
