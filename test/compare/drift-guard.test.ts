import { describe, expect, it } from 'vitest';
import { judgeDrift } from '../../src/compare/drift-guard.js';
import type { CanaryRecord, CanarySample } from '../../src/results/results.js';

/** A canary record whose parts are given per sample (the other parts held at a steady value). */
function canary(parts: { http?: number[]; rps?: number[]; cpu?: number[] }, version = 1): CanaryRecord {
  const n = Math.max(parts.http?.length ?? 0, parts.rps?.length ?? 0, parts.cpu?.length ?? 0);
  const steady = [1, 1.01, 0.99, 1.005, 0.995, 1, 1.002, 0.998];
  const samples: CanarySample[] = Array.from({ length: n }, (_, i) => ({
    round: i,
    startedAt: '2026-12-04T00:00:00Z',
    httpMedMs: parts.http?.[i] ?? 0.05 * steady[i % 8]!,
    httpReqsPerSec: parts.rps?.[i] ?? 20_000 * steady[i % 8]!,
    cpuLoopMs: parts.cpu?.[i] ?? 80 * steady[i % 8]!,
  }));
  return { version, samples };
}

const around = (center: number, spread: number[]): number[] => spread.map((s) => center * s);
/** Eight values within ±1 % of 1: a quiet canary. */
const QUIET = [1, 1.01, 0.99, 1.005, 0.995, 1.002, 0.998, 1.008];

describe('judgeDrift (hand-checked)', () => {
  it('says steady when the canary did not move', () => {
    const d = judgeDrift(canary({ cpu: around(80, QUIET) }), canary({ cpu: around(80, [...QUIET].reverse()) }));
    expect(d.status).toBe('steady');
    expect(d.components.map((c) => [c.name, c.changed])).toEqual([['cpu loop', false], ['http latency', false]]);
    expect(d.summary).toMatch(/^the machine was steady/);
  });

  it('says changed when every canary sample of the head is 20 % slower (U test p = 2/C(16,8))', () => {
    const d = judgeDrift(canary({ http: around(0.05, QUIET) }), canary({ http: around(0.06, QUIET) }));
    expect(d.status).toBe('changed');
    const http = d.components.find((c) => c.name === 'http latency')!;
    // medians 0.05 × 1.0035 and 0.06 × 1.0035: exactly +20 %
    expect(http.slowerPct).toBeCloseTo(20, 6);
    expect(http.p).toBeCloseTo(2 / 12870, 9);
    expect(http.why).toBe('moved');
    expect(d.slowerPct).toBeCloseTo(20, 6);
    expect(d.summary).toBe('the machine changed (canary +20.0 %: http latency +20.0 % p=1.6e-4)');
  });

  it('a loopback request is judged like the CPU loop, with a wider noise limit (20 %)', () => {
    // +12 % on samples spread ±20 %: not significant, but large enough to count.
    const wide = [0.8, 1.2, 1, 0.85, 1.15, 1, 0.9, 1.1];
    const moved = judgeDrift(canary({ http: around(0.3, wide) }), canary({ http: around(0.336, wide) }));
    const http = moved.components.find((c) => c.name === 'http latency')!;
    expect(http.slowerPct).toBeCloseTo(12, 6);
    expect(http.p).toBeGreaterThan(0.05);
    expect(http.why).toBe('moved');
    expect(moved.status).toBe('changed');
    // A spread of ±18 % (the 95 % interval of a median of 8 reaches the extremes) is within the request's limit, not the loop's.
    const spread = [0.82, 1.18, 1, 0.88, 1.12, 1, 0.92, 1.08];
    const steadyHttp = judgeDrift(canary({ http: around(0.3, QUIET) }), canary({ http: around(0.3, spread) }));
    const h = steadyHttp.components.find((c) => c.name === 'http latency')!;
    expect(h.noisePct).toBeGreaterThan(15);
    expect(h.noisePct).toBeLessThan(20);
    expect(steadyHttp.status).toBe('steady');
    expect(judgeDrift(canary({ cpu: around(80, QUIET) }), canary({ cpu: around(80, spread) })).status).toBe('changed');
    // Wider than ±20 %: an unsteady machine.
    expect(judgeDrift(canary({ http: around(0.3, QUIET) }), canary({ http: around(0.3, [0.7, 1.3, 1, 0.75, 1.25, 1, 0.8, 1.2]) })).summary).toMatch(
      /^the machine was unsteady \(canary http latency ±\d+ % within a run\)/,
    );
  });

  it('a faster machine is a change too (a regression could hide behind it)', () => {
    const d = judgeDrift(canary({ cpu: around(80, QUIET) }), canary({ cpu: around(60, QUIET) }));
    expect(d.status).toBe('changed');
    expect(d.slowerPct).toBeCloseTo(-25, 6);
  });

  it('a significant movement below the 3 % floor is noise, not a change', () => {
    const d = judgeDrift(canary({ cpu: around(80, QUIET) }), canary({ cpu: around(80 * 1.02, QUIET) }));
    const cpu = d.components.find((c) => c.name === 'cpu loop')!;
    expect(cpu.p).toBeLessThan(0.05);
    expect(cpu.slowerPct).toBeCloseTo(2, 6);
    expect(cpu.changed).toBe(false);
    expect(d.status).toBe('steady');
  });

  it('a 12 % movement counts even when 3 samples a side cannot be significant', () => {
    const d = judgeDrift(canary({ cpu: [80, 81, 79] }), canary({ cpu: [89.6, 90, 91] }));
    const cpu = d.components.find((c) => c.name === 'cpu loop')!;
    // medians 80 and 90: +12.5 %; the smallest two-sided p with 3 + 3 samples is 0.1
    expect(cpu.slowerPct).toBeCloseTo(12.5, 6);
    expect(cpu.p).toBeCloseTo(0.1, 9);
    expect(cpu.changed).toBe(true);
  });

  it('a CPU loop spread ±30 % within one run is an unsteady machine, even with an unmoved median', () => {
    const spread = [0.7, 1.3, 1, 0.75, 1.25, 1, 0.8, 1.2];
    const d = judgeDrift(canary({ cpu: around(80, QUIET) }), canary({ cpu: around(80, spread) }));
    const cpu = d.components.find((c) => c.name === 'cpu loop')!;
    expect(cpu.why).toBe('unsteady');
    expect(cpu.noisePct).toBeGreaterThan(15);
    expect(d.status).toBe('changed');
    expect(d.summary).toMatch(/^the machine was unsteady \(canary cpu loop ±\d+ % within a run\)/);
  });

  it('is unavailable without canary samples on a side, or across canary versions', () => {
    expect(judgeDrift(undefined, canary({ cpu: QUIET })).status).toBe('unavailable');
    expect(judgeDrift(undefined, canary({ cpu: QUIET })).summary).toMatch(/the baseline has no canary samples/);
    expect(judgeDrift(canary({ cpu: QUIET }), { version: 1, samples: [] }).summary).toMatch(/this run has no canary samples/);
    expect(judgeDrift(canary({ cpu: QUIET }, 1), canary({ cpu: QUIET }, 2)).summary).toMatch(/different canaries \(v1 and v2\)/);
  });

  it('settings move the thresholds', () => {
    const base = canary({ cpu: around(80, QUIET) });
    const head = canary({ cpu: around(80 * 1.02, QUIET) });
    expect(judgeDrift(base, head, { minChangePct: 1 }).status).toBe('changed');
  });
});
