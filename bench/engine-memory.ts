/**
 * ONLY=memory mode of bench/engine.ts: one engine run of REQUESTS (default 10,000,000)
 * requests (shared-iterations over CONNECTIONS VUs, async script), with the process RSS
 * (main thread and every VU worker share it) sampled every second. Goal: peak RSS under
 * 300 MB. Env: REQUESTS, MEMORY_STYLE=async|sync (default async).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript } from '../src/engine/index.js';

const MB = 1024 * 1024;

export async function runMemoryBench(dir: string, url: string, connections: number): Promise<void> {
  const requests = Number(process.env.REQUESTS ?? 10_000_000);
  const style = process.env.MEMORY_STYLE === 'sync' ? 'sync' : 'async';
  const file = join(dir, `memory-${style}.js`);
  const call = style === 'async' ? `await http.asyncRequest('GET', URL)` : `http.get(URL)`;
  writeFileSync(
    file,
    `import http from 'k6/http';
const URL = __ENV.URL;
export const options = {
  scenarios: { memory: { executor: 'shared-iterations', vus: ${connections}, iterations: ${requests}, maxDuration: '2h' } },
  summaryTrendStats: ['med', 'p(99)'],
};
export default ${style === 'async' ? 'async ' : ''}function () { ${call}; }
`,
  );
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  let lastLog = Date.now();
  const t0 = Date.now();
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
    if (Date.now() - lastLog >= 30_000) {
      lastLog = Date.now();
      console.log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s: rss ${(rss / MB).toFixed(0)} MB (peak ${(peakRss / MB).toFixed(0)} MB)`);
    }
  }, 1000);
  console.log(`memory: ${requests} requests, ${connections} VUs (${style}); rss at start ${(startRss / MB).toFixed(0)} MB`);
  try {
    const r = await runScript({ scriptPath: file, env: { URL: url }, threads: process.env.THREADS ? Number(process.env.THREADS) : undefined, console: { log() {}, warn: console.warn, error: console.error } });
    const n = r.summary.metrics.http_reqs?.values.count ?? 0;
    const seconds = (Date.now() - t0) / 1000;
    console.log(`  requests ${n} in ${seconds.toFixed(0)} s (${(n / seconds).toFixed(0)} req/s), exit ${r.exitCode}, errors ${r.errors.length}`);
    console.log(`  http_req_duration med ${r.summary.metrics.http_req_duration?.values.med} ms, p(99) ${r.summary.metrics.http_req_duration?.values['p(99)']} ms`);
    console.log(`  peak rss ${(peakRss / MB).toFixed(0)} MB (goal < 300 MB), rss at end ${(process.memoryUsage.rss() / MB).toFixed(0)} MB`);
  } finally {
    clearInterval(sampler);
  }
}
