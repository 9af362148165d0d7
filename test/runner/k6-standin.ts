/**
 * A stand-in `k6` executable for tests on machines without k6: a small node script
 * that records the argv and env it got and replays the REAL outputs of k6 v0.49.0
 * (test/fixtures/k6-v0.49) the way real k6 delivers them — the summary to the path
 * the wrapper's handleSummary would write (read from `-e LOADGATE_SUMMARY_PATH=`),
 * the NDJSON points to the `--out json=` path, logfmt lines on stderr, the rest on
 * stdout, and a chosen exit code.
 *
 * Behaviour is picked through the k6 process's environment:
 * - STANDIN_RECORD  file to write `{ argv, env, cwd, pid }` to (JSON)
 * - STANDIN_MODE    `ok` (default) · `unreachable` · `syntax-error` (exit 107, no summary) ·
 *                   `hang` (prints progress until SIGINT, then writes abort-summary-data.json and exits 105) ·
 *                   `hang-ignore-int` (ignores SIGINT; only SIGKILL ends it) · `no-summary` (exit 0, writes nothing)
 * - STANDIN_EXIT    exit code for `ok`/`unreachable` @default 0
 * - STANDIN_CHILD_PID_FILE  in hang modes, a grandchild process is started and its pid written here
 * - STANDIN_DROP_METRIC     leave this metric's Point lines out of the --out json file (a metric that got no samples)
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { K6_FIXTURES } from '../helpers/fixtures.js';

/** The real k6 v0.49 outputs (copied into test/fixtures). */
export { K6_FIXTURES };

const STANDIN_SOURCE = String.raw`
const fs = require('node:fs');
const zlib = require('node:zlib');
const { spawn } = require('node:child_process');
const FIX = process.env.STANDIN_FIXTURES;
const argv = process.argv.slice(2);
if (argv[0] === 'version') {
  process.stdout.write('k6 v0.49.0 (go1.19.8, linux/amd64)\n');
  process.exit(0);
}
if (argv[0] !== 'run') {
  process.stderr.write('unknown command ' + argv[0] + '\n');
  process.exit(255);
}
let points, summary;
for (let i = 1; i < argv.length; i++) {
  if (argv[i] === '--out' && argv[i + 1].startsWith('json=')) points = argv[i + 1].slice(5);
  if (argv[i] === '-e' && argv[i + 1].startsWith('LOADGATE_SUMMARY_PATH=')) summary = argv[i + 1].slice('LOADGATE_SUMMARY_PATH='.length);
}
const script = argv[argv.length - 1];
if (process.env.STANDIN_RECORD) {
  fs.writeFileSync(process.env.STANDIN_RECORD, JSON.stringify({ argv, env: process.env, cwd: process.cwd(), pid: process.pid }));
}
const mode = process.env.STANDIN_MODE || 'ok';
const code = Number(process.env.STANDIN_EXIT || 0);
function replay(file) {
  // k6 logs (logfmt, time=...) go to stderr; banner, progress and summary to stdout.
  for (const line of fs.readFileSync(FIX + '/' + file, 'utf8').split('\n')) {
    (line.startsWith('time=') ? process.stderr : process.stdout).write(line + '\n');
  }
}
function writePoints() {
  let text = zlib.gunzipSync(fs.readFileSync(FIX + '/points.ndjson.gz')).toString('utf8');
  const drop = process.env.STANDIN_DROP_METRIC;
  if (drop) text = text.split('\n').filter((l) => !(l.includes('"type":"Point"') && JSON.parse(l).metric === drop)).join('\n');
  fs.writeFileSync(points, points.endsWith('.gz') ? zlib.gzipSync(text) : text);
}
if (!fs.existsSync(script)) {
  process.stderr.write('time="2026-11-23T19:31:20Z" level=error msg="The moduleSpecifier \\"' + script + '\\" couldn\'t be found on local disk." hint="script exception"\n');
  process.exit(107);
}
if (mode === 'syntax-error') {
  process.stdout.write(fs.readFileSync(FIX + '/syntax-error-out.txt', 'utf8').split('time=')[0]);
  process.stderr.write('time=' + fs.readFileSync(FIX + '/syntax-error-out.txt', 'utf8').split('time=')[1]);
  process.exit(107);
} else if (mode === 'no-summary') {
  process.exit(0);
} else if (mode === 'ok' || mode === 'unreachable') {
  writePoints();
  replay(mode === 'ok' ? 'default-summary-stdout.txt' : 'unreachable-out.txt');
  process.stderr.write('time="2026-11-23T19:31:21Z" level=info msg="teardown healthy=true" source=console\n');
  fs.writeFileSync(summary, fs.readFileSync(FIX + '/handle-summary-data.json'));
  process.exitCode = code;
} else {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  if (process.env.STANDIN_CHILD_PID_FILE) fs.writeFileSync(process.env.STANDIN_CHILD_PID_FILE, String(child.pid));
  let n = 0;
  const timer = setInterval(() => {
    n++;
    process.stdout.write('running (0' + n + '.0s), 05/10 VUs, ' + n * 100 + ' complete and 0 interrupted iterations\n');
  }, 50);
  process.on('SIGINT', () => {
    if (mode === 'hang-ignore-int') return;
    clearInterval(timer);
    process.stderr.write('time="2026-11-23T19:31:22Z" level=warning msg="Stopping k6 in response to signal..."\n');
    fs.writeFileSync(summary, fs.readFileSync(FIX + '/abort-summary-data.json'));
    process.exit(105);
  });
}
`;

/**
 * Writes the stand-in as `<dir>/k6` (executable) and returns its path.
 * Put `dir` first on PATH of the spawned process to make it "the installed k6".
 */
export async function installK6StandIn(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'k6');
  await writeFile(path, `#!${process.execPath}\n${STANDIN_SOURCE}`);
  await chmod(path, 0o755);
  return path;
}

/** Environment for the stand-in process: fixtures dir plus the given mode settings. */
export function standInEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, STANDIN_FIXTURES: K6_FIXTURES, ...extra };
}
