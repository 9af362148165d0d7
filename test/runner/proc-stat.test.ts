/** The /proc parsers on hand-made text, with hand-checked numbers; the readers on this machine. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clockTicksPerSecond, machineCpuDelta, parseChildrenCpuTicks, parseProcStat, readChildrenCpuTicks, readMachineCpuTimes } from '../../src/runner/proc-stat.js';

const STAT_BEFORE = `cpu  1000 50 300 8000 20 0 10 5 7 0
cpu0 500 25 150 4000 10 0 5 3 0 0
cpu1 500 25 150 4000 10 0 5 2 0 0
intr 123456 0 0
ctxt 999
`;
const STAT_AFTER = `cpu  1150 50 330 8190 30 2 8 15 40 0
cpu0 575 25 165 4095 15 1 4 8 0 0
`;

describe('parseProcStat', () => {
  it('reads the aggregate cpu line, not the per-CPU ones, leaving guest time out (already in user)', () => {
    expect(parseProcStat(STAT_BEFORE)).toEqual({ user: 1000, nice: 50, system: 300, idle: 8000, iowait: 20, irq: 0, softirq: 10, steal: 5 });
  });

  it('takes steal as 0 on kernels whose line stops before it', () => {
    expect(parseProcStat('cpu  10 0 5 100 1 0 0\n')).toMatchObject({ softirq: 0, steal: 0 });
  });

  it('is null without a cpu line or with garbage in it', () => {
    expect(parseProcStat('cpu0 1 2 3 4\n')).toBeNull();
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('cpu  1 x 3 4\n')).toBeNull();
  });
});

describe('machineCpuDelta', () => {
  it('splits the ticks between two readings into busy, total and steal', () => {
    // busy: user 150 + nice 0 + system 30 + irq 2 + softirq (8 − 10 → clamped 0) = 182
    // total: 182 + idle 190 + iowait 10 + steal 10 = 392
    const d = machineCpuDelta(parseProcStat(STAT_BEFORE)!, parseProcStat(STAT_AFTER)!);
    expect(d).toEqual({ busy: 182, total: 392, steal: 10 });
  });
});

describe('parseChildrenCpuTicks', () => {
  it('adds cutime and cstime (fields 16 and 17), even when the command name has spaces and parentheses', () => {
    const fields = ['S', '1', '2', '3', '0', '-1', '4194304', '100', '0', '0', '0', '250', '40', '700', '55', '20', '0', '1'];
    expect(parseChildrenCpuTicks(`4242 (node) ${fields.join(' ')}\n`)).toBe(755);
    expect(parseChildrenCpuTicks(`4242 (a (b) c) ${fields.join(' ')}\n`)).toBe(755);
  });

  it('is null for text that is not a stat line', () => {
    expect(parseChildrenCpuTicks('no parenthesis')).toBeNull();
    expect(parseChildrenCpuTicks('1 (x) S 1 2')).toBeNull();
  });
});

describe.runIf(existsSync('/proc/stat'))('the readers on this Linux machine', () => {
  it('read counters that only grow', () => {
    const a = readMachineCpuTimes()!;
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
    const b = readMachineCpuTimes()!;
    expect(x).toBeGreaterThan(0);
    const d = machineCpuDelta(a, b);
    expect(d.total).toBeGreaterThanOrEqual(d.busy);
    expect(readChildrenCpuTicks()).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(clockTicksPerSecond())).toBe(true);
    expect(clockTicksPerSecond()).toBeGreaterThan(0);
  });
});
