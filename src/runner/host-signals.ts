/**
 * What the machine and the load generator were doing during one repetition (HostSignals in
 * core/results.ts): whole-machine CPU and steal from /proc/stat, the generator's CPU, the
 * service's CPU when its metrics give it, and the generator's main-thread event-loop delay.
 * `startHostProbe()` before a repetition, `probe.finish()` after it; the arithmetic is the pure
 * `hostSignals()`, so it can be checked on hand-made numbers.
 */
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { HostSignals } from '../results/results.js';
import { clockTicksPerSecond, machineCpuDelta, readMachineCpuTimes, type MachineCpuDelta } from './proc-stat.js';

/** Sampling interval of the main thread's event-loop delay monitor, ms (Node's default). */
export const DELAY_RESOLUTION_MS = 10;

/** What the caller knows after the repetition that the probe cannot see itself. */
export interface HostProbeInput {
  /**
   * CPU seconds of a load generator running in another process (k6: `run.generator.cpuSeconds`),
   * null when it could not be measured. Leave it out (undefined) for the embedded engine: the
   * generator is then this process, measured with process.cpuUsage().
   */
  generatorCpuSeconds?: number | null;
  /** CPU seconds of the measured service over the repetition (its process_cpu_seconds_total delta); null or absent when unknown. */
  serviceCpuSeconds?: number | null;
  /** The embedded engine's busiest VU thread, 0–1 (`run.generator.vuThreadBusy`); null or absent otherwise. */
  vuThreadBusy?: number | null;
}

/** A probe started before a repetition. */
export interface HostProbe {
  /** Stops the probe and computes the signals over the time since it started. Later calls return the same signals. */
  finish(input?: HostProbeInput): HostSignals;
}

/** The raw measurements of one probe window, before they become cores and percentages. */
export interface HostWindow {
  wallMs: number;
  /** Logical cores (os.availableParallelism()). */
  cores: number;
  /** USER_HZ: the unit of `machine`'s ticks. */
  ticksPerSecond: number;
  /** /proc/stat difference over the window; null without /proc. */
  machine: MachineCpuDelta | null;
  /** CPU seconds (user + system, every thread) of this process over the window. */
  ownCpuSeconds: number;
  loadAvg1: number;
  /** p99 of this process's main-thread event-loop delay beyond the sampling interval, ms; null when no interval completed. */
  ownDelayP99Ms: number | null;
}

/** Starts measuring: reads /proc/stat and this process's CPU, and starts the main-thread delay monitor. */
export function startHostProbe(): HostProbe {
  const ticksPerSecond = clockTicksPerSecond();
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  const machineStart = readMachineCpuTimes();
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  let signals: HostSignals | undefined;
  return {
    finish(input = {}) {
      if (signals) return signals;
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpuStart);
      const machineEnd = readMachineCpuTimes();
      delay.disable();
      signals = hostSignals(
        {
          wallMs,
          cores: availableParallelism(),
          ticksPerSecond,
          machine: machineStart && machineEnd ? machineCpuDelta(machineStart, machineEnd) : null,
          ownCpuSeconds: (cpu.user + cpu.system) / 1e6,
          loadAvg1: loadavg()[0] ?? 0,
          ownDelayP99Ms: delayP99Ms(delay),
        },
        input,
      );
      return signals;
    },
  };
}

/**
 * The signals of one window. CPU amounts are CPU seconds over wall seconds (cores). The
 * generator is this process unless `input.generatorCpuSeconds` is given; then it is another
 * process (k6), and this process's main-thread delay says nothing about it (null). `others`
 * is what is left of the machine's busy CPU once generator and service are taken out, clamped
 * at 0 (the parts are read at slightly different moments and with 10 ms ticks).
 */
export function hostSignals(w: HostWindow, input: HostProbeInput = {}): HostSignals {
  const wallS = w.wallMs / 1000;
  const perWall = (seconds: number | null | undefined): number | null => (seconds === null || seconds === undefined || wallS <= 0 ? null : round(seconds / wallS, 3));
  // A window shorter than one tick of every CPU has no machine figures, rather than zeros.
  const machine = w.machine && w.machine.total > 0 ? w.machine : null;
  const machineBusyCores = machine ? perWall(machine.busy / w.ticksPerSecond) : null;
  const generatorElsewhere = input.generatorCpuSeconds !== undefined;
  const generatorCores = perWall(generatorElsewhere ? input.generatorCpuSeconds : w.ownCpuSeconds);
  const serviceCores = perWall(input.serviceCpuSeconds);
  const othersCores = machineBusyCores === null || generatorCores === null || serviceCores === null ? null : round(Math.max(0, machineBusyCores - generatorCores - serviceCores), 3);
  return {
    wallMs: round(w.wallMs, 1),
    cores: w.cores,
    machineBusyCores,
    stealPct: machine ? round((100 * machine.steal) / machine.total, 2) : null,
    generatorCores,
    serviceCores,
    othersCores,
    loadAvg1: round(w.loadAvg1, 2),
    vuThreadBusy: input.vuThreadBusy === null || input.vuThreadBusy === undefined ? null : round(input.vuThreadBusy, 3),
    mainThreadDelayP99Ms: generatorElsewhere || w.ownDelayP99Ms === null ? null : round(w.ownDelayP99Ms, 2),
  };
}

/**
 * p99 of the monitor's intervals minus the sampling interval: Node records the time between two
 * timer callbacks (≈ 10 ms on an idle loop), so what is beyond 10 ms is the loop's lateness.
 */
function delayP99Ms(h: IntervalHistogram): number | null {
  if (h.count === 0) return null;
  return Math.max(0, h.percentile(99) / 1e6 - DELAY_RESOLUTION_MS);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
