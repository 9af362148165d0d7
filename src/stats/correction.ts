/**
 * Multiple-comparison corrections over the family of gating metrics of a run,
 * returned as adjusted p-values (compare the adjusted p with alpha directly).
 */
import type { Correction } from '../compare/model.js';

/**
 * Holm–Bonferroni step-down (Holm, "A simple sequentially rejective multiple test
 * procedure", Scand. J. Statist. 6 (1979) 65–70); controls the family-wise error rate:
 * sorted ascending, p̃(i) = max over j ≤ i of min(1, (m − j + 1) · p(j)).
 */
export function holmAdjust(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * Benjamini–Hochberg step-up (Benjamini & Hochberg, JRSS B 57 (1995) 289–300);
 * controls the false discovery rate: sorted ascending, p̃(i) = min over j ≥ i of min(1, m/j · p(j)).
 */
export function benjaminiHochbergAdjust(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const [p, i] = order[rank] as readonly [number, number];
    running = Math.min(running, Math.min(1, (m / (rank + 1)) * p));
    adjusted[i] = running;
  }
  return adjusted;
}

/**
 * Adjusted p-values for a family; null entries (no test made) stay null and do not
 * count towards the family size.
 * @param method `holm` (default in comparisons), `bh`, or `none` (returns p unchanged)
 */
export function adjustPValues(ps: ReadonlyArray<number | null>, method: Correction): Array<number | null> {
  const present = ps.flatMap((p, i) => (p === null ? [] : [[p, i] as const]));
  const values = present.map(([p]) => p);
  const adjusted = method === 'holm' ? holmAdjust(values) : method === 'bh' ? benjaminiHochbergAdjust(values) : values;
  const out: Array<number | null> = ps.map(() => null);
  present.forEach(([, i], k) => (out[i] = adjusted[k] as number));
  return out;
}

/**
 * How the correction is described in reports. Side by side, `holm` is carried out as its exact,
 * correlation-aware form: Westfall–Young maxT over sign-flip permutations of the pairs
 * (compare/paired-permutation.ts).
 */
export function describeCorrection(method: Correction, familySize: number, sideBySide = false): string {
  if (method === 'none') return `no multiple-comparison correction over ${familySize} gating metrics`;
  if (method === 'holm' && sideBySide) return `Westfall–Young maxT (family-wise error rate) over ${familySize} gating metrics, pairs permuted`;
  const name = method === 'holm' ? 'Holm–Bonferroni (family-wise error rate)' : 'Benjamini–Hochberg (false discovery rate)';
  return `${name} over ${familySize} gating metrics`;
}
