// One temporary folder for the whole test run (data dirs, spools, PGlite databases), removed when the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'situation-centre-tests-'));
  // the test workers are started after this and inherit it
  process.env.SC_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
