/**
 * What runs a conformance script: real k6 (found as the runner finds it, or at
 * LOADGATE_K6_V049), or the embedded engine through the CLI a user runs
 * (`loadgate k6 run --compat <generation>`), as its own process or in long-lived hosts.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import type { K6Binary } from '../../src/runner/k6-binary/index.js';
import type { ScriptSpec } from './scripts.js';

export interface Runner {
  /** The k6 generation ("2.2", "0.49"), or the engine run compared with one ("engine@2.2"). */
  label: string;
  /** `k6 version`'s first line, or how the engine is run. */
  versionLine: string;
  run(spec: ScriptSpec, summaryFile: string, baseUrl: string, cwd: string): Promise<ProcessResult>;
}

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A run may not take longer than this; scripts hold well under 2 s of load. */
export const RUN_TIMEOUT_MS = 30_000;

/** The observation key of the engine run compared with k6 generation `generation` ("engine@2.2"). */
export function engineKey(generation: string): string {
  return `engine@${generation}`;
}

/** The engine's --compat for a k6 generation label: every 0.x behaves like v0.49, 1.x and 2.x like v2. */
export function compatFor(generation: string): 'v2' | 'v0.49' {
  return generation.startsWith('0.') ? 'v0.49' : 'v2';
}

/** `loadgate k6 run` flags, as a user would pass them, matching the k6 generation compared with (--compat). */
function engineArgs(spec: ScriptSpec, summaryFile: string, baseUrl: string, generation: string): string[] {
  return ['k6', 'run', '-q', '--compat', compatFor(generation), '--summary-export', summaryFile, '-e', `BASE_URL=${baseUrl}`, ...spec.args, spec.path];
}

/** The embedded engine as its own process per script: `node bin/loadgate.js k6 run …` (dist/, built by `npm run build`). */
export function engineCliRunner(generation: string, bin = join(PACKAGE_ROOT, 'bin', 'loadgate.js')): Runner {
  return {
    label: engineKey(generation),
    versionLine: `node ${bin} k6 run --compat ${compatFor(generation)}`,
    run: (spec, summaryFile, baseUrl, cwd) => execRun(process.execPath, [bin, ...engineArgs(spec, summaryFile, baseUrl, generation)], cwd),
  };
}

/**
 * The embedded engine through the same CLI main() in long-lived host processes
 * (engine-host.mjs), one job at a time per host: the CLI's 2 s of module loading is paid
 * once per host instead of once per script. One runner per k6 generation, sharing the hosts.
 */
export function engineHostRunners(generations: string[], mainModule = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js')): { runners: Runner[]; close(): Promise<void> } {
  const idle: EngineHost[] = [];
  const all = new Set<EngineHost>();
  const runners = generations.map(
    (generation): Runner => ({
      label: engineKey(generation),
      versionLine: `loadgate k6 run --compat ${compatFor(generation)} (CLI main() from ${mainModule}, in engine-host.mjs)`,
      async run(spec, summaryFile, baseUrl, cwd) {
        const host = idle.pop() ?? new EngineHost(mainModule);
        all.add(host);
        try {
          return await host.run(engineArgs(spec, summaryFile, baseUrl, generation), cwd);
        } finally {
          if (host.alive) idle.push(host);
          else all.delete(host);
        }
      },
    }),
  );
  return {
    runners,
    async close() {
      for (const h of all) h.kill();
      all.clear();
      idle.length = 0;
    },
  };
}

interface HostReply {
  id: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

class EngineHost {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (r: ProcessResult) => void>();
  private nextId = 0;
  alive = true;

  constructor(mainModule: string) {
    this.child = fork(join(PACKAGE_ROOT, 'test', 'conformance', 'engine-host.mjs'), [mainModule], {
      env: childEnv(PACKAGE_ROOT),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stray = '';
    this.child.stdout?.on('data', (c: Buffer) => (stray += c.toString()));
    this.child.stderr?.on('data', (c: Buffer) => (stray += c.toString()));
    this.child.on('message', (m: HostReply | { ready: true }) => {
      if (!('id' in m)) return;
      this.pending.get(m.id)?.({ exitCode: m.exitCode, stdout: m.stdout, stderr: m.stderr });
      this.pending.delete(m.id);
    });
    this.child.on('exit', (code, signal) => {
      this.alive = false;
      // A crash takes the job with it; told as what the real CLI's process would have shown.
      for (const done of this.pending.values()) done({ exitCode: code ?? -1, stdout: '', stderr: `engine host died (${signal ?? code}): ${stray}` });
      this.pending.clear();
    });
  }

  run(args: string[], cwd: string): Promise<ProcessResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.kill(), RUN_TIMEOUT_MS);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.send({ id, args, cwd });
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** A real k6 (test/helpers/k6-generations.ts finds them), labelled by its generation ("2.2", "0.49"). */
export function k6Runner({ path, version, versionLine }: K6Binary): Runner {
  return {
    label: version.split('.').slice(0, 2).join('.'),
    versionLine,
    // --address= : v0.49 starts its REST API on localhost:6565 unless told not to, and parallel runs would fight over it.
    // K6_AUTO_EXTENSION_RESOLUTION=false: k6 v2 otherwise asks ingest.k6.io to build a binary for an unknown import (no network here).
    run: (spec, summaryFile, baseUrl, cwd) =>
      execRun(path, ['run', '-q', '--address=', '--summary-export', summaryFile, '-e', `BASE_URL=${baseUrl}`, ...spec.args, spec.path], cwd, {
        K6_AUTO_EXTENSION_RESOLUTION: 'false',
      }),
  };
}

/** A small, fixed environment: the scripts see the same __ENV under every runner, and nothing from the test process leaks in. */
function childEnv(cwd: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? cwd, CONFORMANCE_SYSTEM_VAR: 'from-system-env', ...extra };
}

function execRun(file: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: childEnv(cwd, extraEnv), timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      const exitCode = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ exitCode, stdout, stderr });
    });
  });
}

