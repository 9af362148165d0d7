import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { targetCommand } from '../../src/cli/commands/target.js';
import { captureStdout } from '../helpers/capture-output.js';

function program(): { program: Command; exitCode: () => number | undefined } {
  let code: number | undefined;
  const p = new Command('loadgate').exitOverride();
  targetCommand.register(p, (c) => {
    code = c;
  });
  return { program: p, exitCode: () => code };
}

afterEach(() => vi.restoreAllMocks());

describe('loadgate target start', () => {
  it('prints the URL, serves until SIGTERM, then stops and exits 0', async () => {
    const { program: p, exitCode } = program();
    const out = captureStdout();
    const done = p.parseAsync(['target', 'start', '--port', '0', '--seed', '25', '--latency-ms', '1'], { from: 'user' });
    const url = await out.firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out.stderr()).toContain(`listening on ${url} (db :memory:, 25 records; faults: latency 1 ms`);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', cache: 'lru' });
    expect((await fetch(`${url}/records/25`)).status).toBe(200);
    process.emit('SIGTERM', 'SIGTERM');
    await done;
    expect(exitCode()).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it.each([
    [['--error-rate', '2'], '--error-rate must be a number from 0 to 1 (got 2)'],
    [['--port', 'abc'], '--port must be an integer from 0 to 65535 (got "abc")'],
    [['--slowdown', '0.5'], '--slowdown must be a number from 1 to 1000 (got 0.5)'],
    [['--seed', '-3'], '--seed must be an integer from 0 to 10000000 (got -3)'],
  ])('rejects %j naming the flag and the valid range', async (args, message) => {
    const { program: p } = program();
    await expect(p.parseAsync(['target', 'start', ...args], { from: 'user' })).rejects.toThrow(message);
  });
});
