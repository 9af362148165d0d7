import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { startTarget, targetDefaults, validateFaultOptions, validateTargetOptions } from '../../src/target/index.js';

describe('validateTargetOptions', () => {
  it('fills in defaults', () => {
    expect(validateTargetOptions({})).toEqual(targetDefaults);
    expect(validateTargetOptions(undefined).db).toBe(':memory:');
    expect(validateTargetOptions({ port: 8080, slowdown: 2.5 })).toMatchObject({ port: 8080, slowdown: 2.5, errorRate: 0 });
  });

  it.each([
    [{ port: 70000 }, '"port" must be an integer from 0 to 65535 (got 70000)'],
    [{ port: 1.5 }, '"port" must be an integer from 0 to 65535 (got 1.5)'],
    [{ slowdown: 0.5 }, '"slowdown" must be a number from 1 to 1000 (got 0.5)'],
    [{ errorRate: 1.2 }, '"errorRate" must be a number from 0 to 1 (got 1.2)'],
    [{ latencyMs: '30' }, '"latencyMs" must be a number from 0 to 60000 (got "30")'],
    [{ seed: -1 }, '"seed" must be an integer from 0 to 10000000 (got -1)'],
    [{ cacheSize: Number.NaN }, '"cacheSize" must be an integer from 0 to 10000000 (got NaN)'],
    [{ db: '' }, '"db" must be a file path or ":memory:" (got "")'],
    [{ dbFile: 'x' }, 'unknown target option "dbFile"; valid options: port, db, seed'],
    [[1], 'target options must be an object (got an array)'],
  ])('rejects %j naming the option and the valid range', (raw, message) => {
    expect(() => validateTargetOptions(raw)).toThrow(UsageError);
    expect(() => validateTargetOptions(raw)).toThrow(message);
  });

  it('names options the caller’s way (CLI flags)', () => {
    expect(() => validateTargetOptions({ errorRate: 2 }, (key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)).toThrow(
      '--error-rate must be a number from 0 to 1 (got 2)',
    );
  });

  it('validates partial fault updates', () => {
    expect(validateFaultOptions({ latencyMs: 5 })).toEqual({ latencyMs: 5 });
    expect(() => validateFaultOptions({ port: 1 })).toThrow('unknown fault option "port"; valid options: latencyMs, slowdown, errorRate');
  });
});

describe('startTarget options', () => {
  it('rejects bad options before opening anything', async () => {
    await expect(startTarget({ errorRate: -0.1 })).rejects.toThrow('"errorRate" must be a number from 0 to 1');
  });

  it('names a database file it cannot open', async () => {
    await expect(startTarget({ db: '/nonexistent-dir/x/target.db' })).rejects.toThrow(
      'target option "db": cannot open SQLite database "/nonexistent-dir/x/target.db"',
    );
  });

  it('binds 127.0.0.1 on the requested free port, and setFaults validates', async () => {
    const target = await startTarget();
    try {
      expect(target.url).toBe(`http://127.0.0.1:${target.port}`);
      expect(target.port).toBeGreaterThan(0);
      expect(() => target.setFaults({ slowdown: 0 })).toThrow('"slowdown" must be a number from 1 to 1000 (got 0)');
      expect(target.setFaults({ latencyMs: 3 })).toEqual({ latencyMs: 3, slowdown: 1, errorRate: 0 });
      await expect(startTarget({ port: target.port })).rejects.toThrow(`cannot listen on 127.0.0.1:${target.port}: EADDRINUSE`);
    } finally {
      await target.close();
      await target.close();
    }
  });
});
