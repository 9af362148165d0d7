import { it, expect } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { startTargetServer, captureConsole } from './helpers/target-server.js';

it.each(['auto', 'per-vu'] as const)('keeps a per-VU cookie jar, reset every iteration (k6 default; vuThreads %s)', async (vuThreads) => {
  const server = await startTargetServer((req, res) => {
    if (req.url !== '/cookie') return false;
    res.setHeader('Set-Cookie', ['session=abc; Path=/; HttpOnly', 'theme=dark; Expires=Wed, 21 Oct 2015 07:28:00 GMT']);
    res.end(req.headers.cookie ?? '');
    return true;
  });
  try {
    const r = await runScript({ scriptPath: new URL('./scripts/cookies.js', import.meta.url).pathname, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads });
    expect(r.errors).toEqual([]);
    // The expired `theme` cookie is never sent; `session` is, from the second request of each iteration on.
    expect(r.summary.metrics.checks?.values).toMatchObject({ passes: 6, fails: 0 });
  } finally {
    await server.close();
  }
});
