// Builds the wall-screen client after `npm install` so that `npm start` serves it at once.
// Never fails the install: the server builds on demand if dist/client is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
if (process.env.SKIP_CLIENT_BUILD || !existsSync('node_modules/vite')) process.exit(0);
const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (r.status !== 0) console.warn('[postinstall] client build failed; `npm start` will retry');
