import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openTargetSide, restartSides, type TargetSide } from '../../src/runner/target-side.js';

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

describe('restartSides: a confirmation round on fresh processes', () => {
  it('replaces an embedded and a command side with new processes of the same service, the old ones stopped', async () => {
    const command = `"${process.execPath}" -e "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"`;
    const sides: TargetSide[] = [await openTargetSide('embedded', { seed: 10 }), await openTargetSide(command, { seed: 10, allowCommand: true })];
    const before = sides.map((s) => s.url);
    try {
      expect(await restartSides(sides)).toBe(true);
      for (let i = 0; i < 2; i++) {
        expect(sides[i]!.url).not.toBe(before[i]);
        expect(await answers(before[i]!)).toBe(false);
        expect(await answers(sides[i]!.url)).toBe(true);
      }
      expect(sides[0]!.describe).toMatchObject({ kind: 'embedded', options: { seed: 10 } });
      expect(sides[1]!.describe.options?.command).toBe(command);
      expect(sides[1]!.metricsUrl).toBeNull();
    } finally {
      await Promise.all(sides.map((s) => s.stop()));
    }
  }, 60_000);

  it('leaves a side given as a URL as it is: loadgate did not start it', async () => {
    const server: Server = createServer((_q, s) => s.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const sides = [await openTargetSide(url, { seed: 10 })];
      expect(await restartSides(sides)).toBe(false);
      expect(sides[0]!.url).toBe(url);
      expect(await answers(url)).toBe(true);
    } finally {
      server.close();
    }
  });
});
