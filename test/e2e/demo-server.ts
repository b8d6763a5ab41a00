import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT, startServer, type RunningServer } from '../../src/server.js';
import { savedCopy } from '../engine.js';

const WEB_DIST = path.join(REPO_ROOT, 'dist', 'web');

/**
 * The server as `npm start` runs it (in-memory database, demo on, the built web app), on a
 * free port, started from the demo database global-setup.ts seeded once for the run: the
 * server still migrates and runs the demo seeding, which finds everything there.
 */
export async function startDemoServer(): Promise<RunningServer> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` (npm run test:e2e does it first).');
  }
  const demo = inject('dancuDemo');
  return startServer({
    port: 0,
    dataDir: ':memory:',
    demo: true,
    webDist: WEB_DIST,
    loadDataDir: savedCopy(demo.dumpFile),
    masterKey: demo.masterKey,
  });
}
