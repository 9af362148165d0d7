/**
 * hostSignals() on hand-made /proc/stat text and CPU amounts, with hand-checked numbers; one
 * real probe on this machine, checked for shapes and ranges only.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostSignals, startHostProbe, type HostWindow } from '../../src/runner/host-signals.js';
import { machineCpuDelta, parseProcStat } from '../../src/runner/proc-stat.js';

// 2 s on 2 CPUs at 100 ticks/s: 400 ticks in all.
// busy = user 230 + nice 10 + system 50 + irq 0 + softirq 10 = 300; idle 80; iowait 0; steal 20.
const BEFORE = 'cpu  10000 100 2000 50000 300 0 400 1000 0 0\ncpu0 5000 50 1000 25000 150 0 200 500 0 0\n';
const AFTER = 'cpu  10230 110 2050 50080 300 0 410 1020 0 0\ncpu0 5115 55 1025 25040 150 0 205 510 0 0\n';

function window(over: Partial<HostWindow> = {}): HostWindow {
  return {
    wallMs: 2000,
    cores: 2,
    ticksPerSecond: 100,
    machine: machineCpuDelta(parseProcStat(BEFORE)!, parseProcStat(AFTER)!),
    ownCpuSeconds: 1.5,
    loadAvg1: 1.234,
    ownDelayP99Ms: 3.456,
    ...over,
  };
}

describe('hostSignals', () => {
  it('embedded engine: the generator is this process; others = machine − generator − service', () => {
    // machine 300 ticks / 100 / 2 s = 1.5 cores; generator 1.5 s / 2 s = 0.75; service 0.9 s / 2 s = 0.45;
    // others 1.5 − 0.75 − 0.45 = 0.3; steal 20 / 400 = 5 %.
    expect(hostSignals(window(), { serviceCpuSeconds: 0.9, vuThreadBusy: 0.91234 })).toEqual({
      wallMs: 2000,
      cores: 2,
      machineBusyCores: 1.5,
      stealPct: 5,
      generatorCores: 0.75,
      serviceCores: 0.45,
      othersCores: 0.3,
      loadAvg1: 1.23,
      vuThreadBusy: 0.912,
      mainThreadDelayP99Ms: 3.46,
    });
  });

  it('k6: the generator is the given CPU, not this process, and this main thread says nothing about it', () => {
    const s = hostSignals(window(), { generatorCpuSeconds: 0.5, serviceCpuSeconds: 0.9 });
    expect(s.generatorCores).toBe(0.25);
    // 1.5 − 0.25 − 0.45
    expect(s.othersCores).toBe(0.8);
    expect(s.mainThreadDelayP99Ms).toBeNull();
    expect(s.vuThreadBusy).toBeNull();
  });

  it('k6 without /proc: no generator figure, so no others either', () => {
    const s = hostSignals(window({ machine: null }), { generatorCpuSeconds: null, serviceCpuSeconds: 0.9 });
    expect(s).toMatchObject({ machineBusyCores: null, stealPct: null, generatorCores: null, serviceCores: 0.45, othersCores: null });
  });

  it('others is null when the service CPU is unknown (a service without metrics)', () => {
    const s = hostSignals(window(), {});
    expect(s.serviceCores).toBeNull();
    expect(s.othersCores).toBeNull();
    expect(s.generatorCores).toBe(0.75);
  });

  it('others is clamped at 0 when the parts add up to more than the machine (ticks and read times differ)', () => {
    expect(hostSignals(window(), { serviceCpuSeconds: 2 }).othersCores).toBe(0);
  });

  it('a window shorter than one tick has no machine figures rather than zeros', () => {
    const s = hostSignals(window({ wallMs: 4, machine: { busy: 0, total: 0, steal: 0 } }), { serviceCpuSeconds: 0 });
    expect(s).toMatchObject({ machineBusyCores: null, stealPct: null, othersCores: null });
  });

  it('no delay figure when the monitor saw no complete interval', () => {
    expect(hostSignals(window({ ownDelayP99Ms: null })).mainThreadDelayP99Ms).toBeNull();
  });
});

describe('startHostProbe on this machine', () => {
  it('measures a window with CPU spent and the main thread blocked', async () => {
    const probe = startHostProbe();
    // The monitor records the time between two of its timer callbacks: let one pass first.
    await new Promise((r) => setTimeout(r, 50));
    const end = performance.now() + 300;
    let x = 0;
    while (performance.now() < end) x += Math.sqrt(x + 1);
    await new Promise((r) => setTimeout(r, 50));
    const s = probe.finish({ serviceCpuSeconds: 0 });
    expect(x).toBeGreaterThan(0);
    expect(s.wallMs).toBeGreaterThanOrEqual(390);
    expect(s.cores).toBeGreaterThanOrEqual(1);
    expect(s.generatorCores).toBeGreaterThan(0);
    // No process gets more than every core for the whole window.
    expect(s.generatorCores).toBeLessThanOrEqual(s.cores + 0.05);
    // The loop could not run a timer during the 300 ms spin.
    expect(s.mainThreadDelayP99Ms).toBeGreaterThan(100);
    expect(s.vuThreadBusy).toBeNull();
    expect(s.loadAvg1).toBeGreaterThanOrEqual(0);
    if (existsSync('/proc/stat')) {
      expect(s.machineBusyCores).toBeGreaterThan(0);
      expect(s.stealPct).toBeGreaterThanOrEqual(0);
      expect(s.stealPct).toBeLessThanOrEqual(100);
      expect(s.othersCores).toBeGreaterThanOrEqual(0);
    } else {
      expect(s.machineBusyCores).toBeNull();
    }
    expect(probe.finish()).toBe(s);
  });
});
