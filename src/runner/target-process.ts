import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MeasurementError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/package-root.js';
import type { TargetOptions } from '../target/index.js';

/** A reference target running in a child process. */
export interface TargetProcess {
  url: string;
  pid: number;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s). Safe to call twice. */
  stop(): Promise<void>;
}

const ENTRY = join(PACKAGE_ROOT, 'dist', 'runner', 'target-process-entry.js');
/** Seeding 1M records takes seconds; allow for a slow machine. */
const START_TIMEOUT_MS = 180_000;

/** Starts the reference target in a child process and waits until it listens. */
export async function startTargetProcess(options: TargetOptions): Promise<TargetProcess> {
  if (!existsSync(ENTRY)) {
    throw new MeasurementError(`cannot start the reference target: ${ENTRY} is missing; run \`npm run build\``);
  }
  const child = spawn(process.execPath, [ENTRY, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = await waitForUrl(child, () => stderr);
  return { url, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

function waitForUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new MeasurementError(`the reference target did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolvePromise((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new MeasurementError(`the reference target printed "${line}" instead of its URL`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new MeasurementError(`the reference target exited with code ${code} before listening: ${stderr().trim()}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
