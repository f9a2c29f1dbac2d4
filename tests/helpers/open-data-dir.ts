// A second process for embedded.test.ts: opens the embedded database in the data dir given, says so on stdout,
// and holds it until it is killed; or says why it was refused and exits with 3.
import { openPglite } from '../../server/dialects/pglite';
import { quietLog } from './services';

const dir = process.argv[2];
try {
  await openPglite(dir, quietLog);
  console.log(`opened by ${process.pid}`);
  setInterval(() => undefined, 1 << 30);
} catch (e) {
  console.log(`refused: ${(e as Error).message}`);
  process.exit(3);
}
