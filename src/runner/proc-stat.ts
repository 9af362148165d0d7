/**
 * Linux CPU time counters from /proc, parsed by pure functions and read by thin wrappers
 * that return null where there is no /proc (macOS, Windows). Counts are in clock ticks
 * (USER_HZ, `getconf CLK_TCK`, 100 on every mainstream Linux); see proc(5).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The aggregate `cpu` line of /proc/stat: ticks all CPUs spent in each state since boot. */
export interface MachineCpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  /** Time the hypervisor ran other guests while this one wanted to run (0 on bare metal). */
  steal: number;
}

/** What the machine did between two readings, in ticks. */
export interface MachineCpuDelta {
  /** Ticks spent running something: user + nice + system + irq + softirq. */
  busy: number;
  /** Every tick of every CPU, steal included: ≈ CPUs × wall seconds × CLK_TCK. */
  total: number;
  steal: number;
}

const MACHINE_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/**
 * Parses the aggregate `cpu ` line of /proc/stat text. Kernels before 2.6.11 lack steal
 * (taken as 0). guest and guest_nice are left out: the kernel already counts them in
 * user and nice. Returns null when there is no such line.
 */
export function parseProcStat(text: string): MachineCpuTimes | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return null;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  if (values.length < 4 || values.some((v) => !Number.isFinite(v))) return null;
  const times = {} as MachineCpuTimes;
  MACHINE_FIELDS.forEach((name, i) => (times[name] = values[i] ?? 0));
  return times;
}

/** Ticks between two /proc/stat readings, split into busy, all, and stolen. */
export function machineCpuDelta(before: MachineCpuTimes, after: MachineCpuTimes): MachineCpuDelta {
  const d = (k: keyof MachineCpuTimes): number => Math.max(0, after[k] - before[k]);
  const busy = d('user') + d('nice') + d('system') + d('irq') + d('softirq');
  return { busy, total: busy + d('idle') + d('iowait') + d('steal'), steal: d('steal') };
}

/**
 * cutime + cstime of /proc/<pid>/stat text: ticks of CPU used by the process's children
 * (and their children) that it has waited for. Fields are counted after the last `)`,
 * since the command name in parentheses may itself contain spaces and parentheses.
 */
export function parseChildrenCpuTicks(statText: string): number | null {
  const close = statText.lastIndexOf(')');
  if (close < 0) return null;
  // After ") " come field 3 (state) onwards: cutime is field 16, cstime 17 (proc(5)).
  const f = statText.slice(close + 2).trim().split(/\s+/);
  const cutime = Number(f[13]);
  const cstime = Number(f[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? cutime + cstime : null;
}

/** /proc/stat now; null without /proc. */
export function readMachineCpuTimes(): MachineCpuTimes | null {
  return parseProcStat(readProc('/proc/stat') ?? '');
}

/** This process's reaped children's CPU ticks now (cutime + cstime); null without /proc. */
export function readChildrenCpuTicks(): number | null {
  const text = readProc('/proc/self/stat');
  return text === null ? null : parseChildrenCpuTicks(text);
}

let ticksPerSecond: number | undefined;

/** USER_HZ from `getconf CLK_TCK`, asked once; 100 (the Linux ABI value) when getconf is missing. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      ticksPerSecond = Number.isInteger(n) && n > 0 ? n : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
