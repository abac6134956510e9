// The Gatehouse console: built into dist/console/, which Gatehouse serves at /_gatehouse/console/
// (src/server/console-route.ts). `npm run build` runs `vite build console-ui` after the server's tsc, and so does
// `npm ci` and `npm pack` (their `prepare`/`prepack`: scripts/build-package.mjs, tsc, then this build, each when
// stale; the type check `tsc -p console-ui` is left to `npm run build`).
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/_gatehouse/console/',
  plugins: [preact()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One small bundle: the console is served from loopback, a map costs nothing and helps debugging.
    sourcemap: true,
    reportCompressedSize: false,
  },
});
