import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import type { Environment } from './results.js';

const run = promisify(execFile);

/**
 * Describes the machine a run was measured on. The fingerprint hashes only what
 * decides whether two runs' numbers are comparable (OS, CPU, cores, memory, Node
 * major), not the git commit, so a PR run finds the baseline of its runner kind.
 */
export async function captureEnvironment(cwd: string = process.cwd()): Promise<Environment> {
  const [gitSha, gitBranch] = await Promise.all([
    git(['rev-parse', 'HEAD'], cwd),
    git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd),
  ]);
  const cpuList = cpus();
  const env = {
    gitSha,
    gitBranch,
    nodeVersion: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryBytes: totalmem(),
  };
  return { ...env, fingerprint: environmentFingerprint(env) };
}

/** Short stable hash of the comparability-deciding fields. */
export function environmentFingerprint(env: Omit<Environment, 'fingerprint' | 'gitSha' | 'gitBranch'>): string {
  const memGiB = Math.round(env.memoryBytes / 2 ** 30);
  const nodeMajor = env.nodeVersion.replace(/^v/, '').split('.')[0];
  const os = env.os.split(' ');
  const key = [os[0], os[2], env.cpuModel, env.cores, memGiB, `node${nodeMajor}`].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

async function git(args: string[], cwd: string): Promise<string | null> {
  try {
    const { stdout } = await run('git', args, { cwd, timeout: 5000 });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}
