/** findK6Binary against executables on a temporary PATH: the stand-in k6, impostors, K6_PATH. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { findK6Binary, parseK6Version } from '../../src/runner/k6-binary/index.js';
import { installK6StandIn } from './k6-standin.js';

let dir: string;
let standIn: string;
let impostorDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-find-'));
  standIn = await installK6StandIn(join(dir, 'real'));
  // Another program that happens to be called k6.
  impostorDir = join(dir, 'impostor');
  await mkdir(impostorDir);
  await writeFile(join(impostorDir, 'k6'), '#!/bin/sh\necho "k6 helper 1.0"\n');
  await chmod(join(impostorDir, 'k6'), 0o755);
  // Not executable: skipped.
  await mkdir(join(dir, 'noexec'));
  await writeFile(join(dir, 'noexec', 'k6'), '#!/bin/sh\necho "k6 v9.9.9 (go, linux/amd64)"\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseK6Version', () => {
  it('reads k6 v0.49 and v1 version output', () => {
    expect(parseK6Version('k6 v0.49.0 (go1.19.8, linux/amd64)\n')).toEqual({ version: '0.49.0', versionLine: 'k6 v0.49.0 (go1.19.8, linux/amd64)' });
    expect(parseK6Version('k6 v1.0.0 (commit/41b4984b75, go1.24.2, linux/amd64)\nExtensions:\n  github.com/grafana/xk6-sql v1.0.0, k6/x/sql [js]\n')?.version).toBe('1.0.0');
    expect(parseK6Version('k6 v0.50.0-rc1 (go1.21, darwin/arm64)')?.version).toBe('0.50.0-rc1');
  });
  it('refuses other programs', () => {
    expect(parseK6Version('k6 helper 1.0')).toBeNull();
    expect(parseK6Version('')).toBeNull();
  });
});

describe('findK6Binary', () => {
  it('finds k6 on PATH and asks it for its version', async () => {
    const found = await findK6Binary({ PATH: [join(dir, 'noexec'), join(dir, 'real'), '/usr/bin'].join(delimiter) });
    expect(found).toEqual({ path: standIn, version: '0.49.0', versionLine: 'k6 v0.49.0 (go1.19.8, linux/amd64)' });
  });

  it('skips a k6 on PATH that is not k6, and takes the next one', async () => {
    const found = await findK6Binary({ PATH: [impostorDir, join(dir, 'real')].join(delimiter) });
    expect(found?.path).toBe(standIn);
  });

  it('returns null when no k6 is installed', async () => {
    expect(await findK6Binary({ PATH: [impostorDir, join(dir, 'noexec'), join(dir, 'missing')].join(delimiter) })).toBeNull();
    expect(await findK6Binary({})).toBeNull();
  });

  it('uses K6_PATH before PATH', async () => {
    const found = await findK6Binary({ K6_PATH: standIn, PATH: impostorDir });
    expect(found?.path).toBe(standIn);
  });

  it('rejects a K6_PATH that is missing or not k6, naming it', async () => {
    await expect(findK6Binary({ K6_PATH: join(dir, 'missing', 'k6') })).rejects.toThrow(UsageError);
    await expect(findK6Binary({ K6_PATH: join(dir, 'missing', 'k6') })).rejects.toThrow(/K6_PATH=.*missing\/k6: not an executable file/);
    await expect(findK6Binary({ K6_PATH: join(impostorDir, 'k6') })).rejects.toThrow(/K6_PATH=.*impostor\/k6: `k6 version` failed: unexpected output "k6 helper 1.0\\n"/);
  });
});
