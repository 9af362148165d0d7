/**
 * How fast loadgate turns a real k6 `--out json` file into HDR histograms and the
 * time series: the fixture run (test/fixtures/k6-v0.49/points.ndjson.gz) repeated
 * COPIES times, read plain and gzipped. Prints lines/s and µs per line. Run:
 *   npx esbuild bench/k6-json-output.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=.loadgate/bench/k6-json-output.mjs && node .loadgate/bench/k6-json-output.mjs
 * Env: COPIES (default 50).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../src/core/package-root.js';
import { readK6JsonOutput } from '../src/runner/k6-binary/index.js';

const COPIES = Number(process.env.COPIES ?? 50);
const fixture = gunzipSync(readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'k6-v0.49', 'points.ndjson.gz'))).toString('utf8').trimEnd();
const body = Array.from({ length: COPIES }, () => fixture).join('\n') + '\n';
const lines = body.split('\n').length - 1;
const dir = mkdtempSync(join(tmpdir(), 'loadgate-bench-json-'));
try {
  const plain = join(dir, 'points.ndjson');
  const gz = join(dir, 'points.ndjson.gz');
  writeFileSync(plain, body);
  writeFileSync(gz, gzipSync(body));
  for (const file of [plain, gz]) {
    await readK6JsonOutput(file); // warm-up
    const t0 = performance.now();
    const out = await readK6JsonOutput(file);
    const ms = performance.now() - t0;
    const mb = statSync(file).size / 1e6;
    console.log(
      `${file.endsWith('.gz') ? 'gzip ' : 'plain'}: ${lines} lines (${mb.toFixed(1)} MB) in ${ms.toFixed(0)} ms = ${Math.round(lines / (ms / 1000))} lines/s, ${((ms * 1000) / lines).toFixed(2)} µs/line; http_req_duration points ${out.pointCounts['http_req_duration']}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
