// Prints vitest's JSON results as one plain closing line ("N passed, N failed"),
// the form CI systems read regardless of the test runner.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.loadgate/vitest-results.json';
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
process.exit(r.numFailedTests > 0 || r.numTotalTests === 0 ? 1 : 0);
