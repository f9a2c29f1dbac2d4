// Reads vitest's JSON report and fails unless tests ran and every one of them passed: a skipped, todo or
// `.only`-filtered test fails CI too (a test that did not run proves nothing). Prints the closing line
// "vitest: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let r;
try {
  r = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`check-tests: no readable vitest report at ${file} (${e.message})`);
  process.exit(1);
}
const skippedTests = [];
for (const f of r.testResults ?? [])
  for (const t of f.assertionResults ?? [])
    if (t.status !== 'passed' && t.status !== 'failed') skippedTests.push(`${t.status}: ${f.name.replace(process.cwd() + '/', '')} > ${t.fullName}`);
const passed = r.numPassedTests ?? 0;
const failed = r.numFailedTests ?? 0;
// a file that fails outside its tests (an import, a hook) counts as a failed suite with no failed test
const failedSuites = r.numFailedTestSuites ?? 0;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
for (const s of skippedTests.slice(0, 50)) console.log(`  ${s}`);
console.log(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (!passed) console.log('check-tests: no test passed');
if (skipped || skippedTests.length) console.log('check-tests: skipped tests fail CI: remove the skip or the test');
if (failedSuites) console.log(`check-tests: ${failedSuites} suite(s) failed`);
process.exit(passed > 0 && failed === 0 && failedSuites === 0 && skipped === 0 && skippedTests.length === 0 && r.success !== false ? 0 : 1);
