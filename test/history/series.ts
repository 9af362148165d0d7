/** Synthetic performance series for the change-point tests: seeded Gaussian noise around given levels. */
import { seededRandom } from '../../src/core/random.js';

/** Standard normal draws (Box–Muller) from a seeded uniform source. */
export function gaussian(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** `levels[i]` for each point, times (1 + noise·N(0,1)). */
export function noisySeries(levels: number[], noise: number, seed: number): number[] {
  const g = gaussian(seed);
  return levels.map((level) => level * (1 + noise * g()));
}

/** `count` points at `level`. */
export function flat(level: number, count: number): number[] {
  return Array.from({ length: count }, () => level);
}
