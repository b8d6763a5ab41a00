import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const api = 'http://127.0.0.1:3000';
// Regex keys: a plain '/api' prefix would also swallow the module /api.ts in dev.
const proxy = {
  '^/api/': { target: api },
  '^/health$': { target: api },
  // The OIDC provider, and the interaction page's calls (the page itself is the SPA's).
  '^/oidc/': { target: api },
  '^/eid/interaction/[^/]+/': { target: api },
};

// The officer console. `npm run build:web` writes dist/web, which the server serves
// (with an SPA fallback to index.html); `npx vite` serves it with hot reload and
// sends API calls to a server started on port 3000.
export default defineConfig({
  root: repo('src/web'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: repo('dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    // Fonts are assets, never inlined data: URLs (stricter CSP, cacheable files).
    assetsInlineLimit: 0,
    // Libraries in their own chunk: they change less often than the app, so browsers keep them cached.
    // The QR decoder and the spreadsheet writer are loaded only by the pages that use them.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'qr-decoder', test: /node_modules[\\/]jsqr[\\/]/, priority: 2 },
            { name: 'spreadsheet', test: /node_modules[\\/](write-excel-file|fflate)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
});
