/**
 * Throughput of the reference target's hot paths, measured with autocannon. The target runs in a
 * worker thread so the load generator does not share its event loop.
 *
 *   npx esbuild bench/target-http.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=.loadgate/bench/target-http.mjs && node .loadgate/bench/target-http.mjs [seconds]
 */
import { createRequire } from 'node:module';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { startTarget } from '../src/target/index.js';

/** The slice of autocannon's API used here (the package ships no types). */
interface LoadRequest {
  path?: string;
  setupRequest?: (req: { path: string }) => { path: string };
}
interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; requests?: LoadRequest[] }) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const seeded = 10_000;

async function serve(): Promise<void> {
  const target = await startTarget({ seed: seeded });
  parentPort?.postMessage(target.url);
  parentPort?.on('message', () => void target.close().then(() => process.exit(0)));
}

async function measure(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const worker = new Worker(new URL(import.meta.url));
  const url = await new Promise<string>((resolve) => worker.once('message', resolve));
  let n = 0;
  const cases: Array<[string, LoadRequest[]]> = [
    ['GET /health', [{ path: '/health' }]],
    ['GET /records/42 (cache hit)', [{ path: '/records/42' }]],
    [`GET /records/:id (ids 1..${seeded}, cache warms)`, [{ setupRequest: (r) => ({ ...r, path: `/records/${(n++ % seeded) + 1}` }) }]],
    ['GET /records?org=org-003&limit=20', [{ path: '/records?org=org-003&limit=20' }]],
  ];
  // Warm-up (discarded): the first seconds of any node:http server run before the JIT settles.
  await autocannon({ url: `${url}/health`, connections: 32, duration: 2 });
  for (const [name, requests] of cases) {
    const result = await autocannon({ url, connections: 32, duration: seconds, requests });
    console.log(
      `${name}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
  }
  worker.postMessage('stop');
}

if (isMainThread) await measure();
else await serve();
