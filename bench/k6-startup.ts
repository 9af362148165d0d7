/**
 * Startup of `loadgate k6 run` against real k6 on a one-request script: each round runs
 * real k6 (when found on K6_PATH or PATH) and `node bin/loadgate.js k6 run -q`, in turn,
 * against the same local node:http server on port 0, so both sides share the same
 * seconds of a shared machine. A third side, `node -e ''`, is the floor: Node's own start
 * and exit, which no Node program can go below. Each child runs under /usr/bin/time,
 * which reports its CPU (user + sys, 10 ms ticks) and maximum RSS; wall time is taken here
 * around the child, to the µs. The medians over RUNS rounds are printed with the
 * loadgate/k6 ratio.
 *
 *   npm run bench:startup            (= node scripts/run-bench.mjs k6-startup)
 *
 * Env: RUNS (default 10), WARMUP (default 1 round, not counted: fills the OS file cache
 * and loadgate's bundle cache, as on any run after the first), LOADGATE_BIN (another
 * build's bin/loadgate.js, e.g. a checkout of main, to measure it the same way),
 * LOADGATE_BIN_BASE (a second build's bin/loadgate.js, measured as one more side in the same
 * rounds: before/after a change, side by side).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/core/package-root.js';
import { findK6Binary } from '../src/runner/k6-binary/index.js';
import { median } from '../src/stats/index.js';

const RUNS = Number(process.env.RUNS ?? 10);
const WARMUP = Number(process.env.WARMUP ?? 1);
const TIME = '/usr/bin/time';

/** One child's cost, as /usr/bin/time -f '%e %U %S %M' reports it. */
interface ChildCost {
  wallS: number;
  cpuS: number;
  maxRssMb: number;
}

const SCRIPT = `import http from 'k6/http';
export const options = { vus: 1, iterations: 1 };
export default function () { http.get(__ENV.BASE_URL); }
`;

/** Runs `cmd args` under /usr/bin/time; fails on a non-zero exit (the measurement would be of an error path). */
function timed(cmd: string, args: string[], cwd: string): Promise<ChildCost> {
  const out = join(cwd, 'time.txt');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TIME, ['-f', '%e %U %S %M', '-o', out, cmd, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${stderr}`));
      const last = readFileSync(out, 'utf8').trim().split('\n').at(-1) ?? '';
      const [, user, sys, rssKb] = last.split(' ').map(Number) as [number, number, number, number];
      resolve({ wallS: (performance.now() - started) / 1000, cpuS: user + sys, maxRssMb: rssKb / 1024 });
    });
  });
}

function row(label: string, costs: ChildCost[]): { wall: number; cpu: number; rss: number; text: string } {
  const wall = median(costs.map((c) => c.wallS));
  const cpu = median(costs.map((c) => c.cpuS));
  const rss = median(costs.map((c) => c.maxRssMb));
  return { wall, cpu, rss, text: `${label.padEnd(34)} ${wall.toFixed(3).padStart(7)} s ${cpu.toFixed(3).padStart(7)} s ${rss.toFixed(0).padStart(6)} MB` };
}

async function main(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`${TIME} not found: it measures each child's CPU and max RSS (apt-get install time)`);
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-startup-'));
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  writeFileSync(join(dir, 'one.js'), SCRIPT);
  const k6 = await findK6Binary();
  const bin = process.env.LOADGATE_BIN ?? join(PACKAGE_ROOT, 'bin', 'loadgate.js');
  const sides: Array<{ label: string; cmd: string; args: string[]; costs: ChildCost[] }> = [];
  if (k6) sides.push({ label: `k6 v${k6.version}`, cmd: k6.path, args: ['run', '-q', '-e', `BASE_URL=${baseUrl}`, 'one.js'], costs: [] });
  else process.stderr.write('no k6 on K6_PATH or PATH: measuring loadgate alone\n');
  sides.push({ label: "node -e '' (Node's floor)", cmd: process.execPath, args: ['-e', ''], costs: [] });
  sides.push({ label: 'loadgate k6 run', cmd: process.execPath, args: [bin, 'k6', 'run', '-q', '-e', `BASE_URL=${baseUrl}`, 'one.js'], costs: [] });
  const baseBin = process.env.LOADGATE_BIN_BASE;
  if (baseBin) sides.push({ label: 'loadgate k6 run (LOADGATE_BIN_BASE)', cmd: process.execPath, args: [baseBin, 'k6', 'run', '-q', '-e', `BASE_URL=${baseUrl}`, 'one.js'], costs: [] });
  try {
    for (let round = 0; round < WARMUP + RUNS; round++) {
      for (const side of sides) {
        const cost = await timed(side.cmd, side.args, dir);
        if (round >= WARMUP) side.costs.push(cost);
      }
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`one-request script, ${RUNS} interleaved runs each (after ${WARMUP} warm-up), medians:`);
  console.log(`${''.padEnd(34)} ${'wall'.padStart(9)} ${'cpu'.padStart(9)} ${'maxRSS'.padStart(9)}`);
  const rows = sides.map((s) => row(s.label, s.costs));
  for (const r of rows) console.log(r.text);
  const ratio = (label: string, a: (typeof rows)[0], b: (typeof rows)[0]) =>
    console.log(`${label.padEnd(34)} ${(a.wall / b.wall).toFixed(2).padStart(7)}x ${(a.cpu / b.cpu).toFixed(2).padStart(7)}x ${(a.rss / b.rss).toFixed(2).padStart(7)}x`);
  const k6Row = k6 ? rows[0] : undefined;
  const own = rows[k6 ? 2 : 1] as (typeof rows)[0];
  const base = baseBin ? rows.at(-1) : undefined;
  if (k6Row) ratio('ratio loadgate / k6', own, k6Row);
  if (base) ratio('ratio loadgate / LOADGATE_BIN_BASE', own, base);
}

await main();
