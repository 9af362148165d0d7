/**
 * A segment's stripes in plain data, for worker threads: which whole-test indexes
 * (VU ids, iteration numbers) belong to this instance. See execution-tuple.ts.
 */

/** One LCD cycle of a segment's stripes: its positions (ascending) within 0..lcd-1. */
export interface Stripes {
  positions: readonly number[];
  lcd: number;
}

/** The whole-test index (0-based) of this instance's `local`-th element (0-based). */
export function stripedIndex(stripes: Stripes, local: number): number {
  const n = stripes.positions.length;
  return Math.floor(local / n) * stripes.lcd + (stripes.positions[local % n] as number);
}
