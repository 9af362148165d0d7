import { InvalidArgumentError } from 'commander';
import type { Correction } from '../compare/model.js';

/** Commander argument parsers that name the flag and what would be valid. */

export function positiveInt(flag: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a whole number >= 1, got "${raw}"`);
    return n;
  };
}

export function fraction(flag: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n >= 1) throw new InvalidArgumentError(`${flag} must be a number between 0 and 1 (exclusive), got "${raw}"`);
    return n;
  };
}

export function nonNegative(flag: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a number >= 0, got "${raw}"`);
    return n;
  };
}

export function correction(raw: string): Correction {
  if (raw === 'none' || raw === 'holm' || raw === 'bh') return raw;
  throw new InvalidArgumentError(`--correction must be one of none, holm, bh; got "${raw}"`);
}

export function oneOf<T extends string>(flag: string, values: readonly T[]) {
  return (raw: string): T => {
    if ((values as readonly string[]).includes(raw)) return raw as T;
    throw new InvalidArgumentError(`${flag} must be one of ${values.join(', ')}; got "${raw}"`);
  };
}

export function listOf<T extends string>(flag: string, values: readonly T[]) {
  return (raw: string): T[] => raw.split(',').map((v) => oneOf(flag, values)(v.trim()));
}
