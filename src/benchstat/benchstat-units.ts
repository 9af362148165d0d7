/**
 * Benchmark units as benchstat treats them (golang.org/x/perf/benchunit): tidying
 * pre-scaled units (`ns` → `sec`, `MB` → `B`), the decimal/binary prefix class of a
 * unit, and scaling numbers to at least three significant digits with an SI or IEC
 * prefix (`1.718µ`, `1.150Gi`).
 */
import { formatFixedGo } from '../core/go-format.js';

export type UnitClass = 'decimal' | 'binary';

interface UnitToken {
  token: string;
  /** Byte offset in the unit string. */
  pos: number;
  /** After a `/` (and before the next `*`). */
  denominator: boolean;
}

/** Splits a unit like `ns/op` or `B*op/sec` into tokens; `-` and spaces separate too. */
function tokenizeUnit(unit: string): UnitToken[] {
  const tokens: UnitToken[] = [];
  let denominator = false;
  let i = 0;
  while (i < unit.length) {
    const ch = unit[i] as string;
    if (ch === '*') denominator = false;
    else if (ch === '/') denominator = true;
    if (ch === '*' || ch === '/' || ch === '-' || /\s/.test(ch)) {
      i++;
      continue;
    }
    let end = i;
    while (end < unit.length && !/[*/\-\s]/.test(unit[end] as string)) end++;
    tokens.push({ token: unit.slice(i, end), pos: i, denominator });
    i = end;
  }
  return tokens;
}

/** Binary when the numerator measures bytes (`B`, `MB`, `bytes`), decimal otherwise. */
export function unitClassOf(unit: string): UnitClass {
  return tokenizeUnit(unit).some((t) => !t.denominator && (t.token === 'B' || t.token === 'MB' || t.token === 'bytes'))
    ? 'binary'
    : 'decimal';
}

/**
 * Normalizes a pre-scaled unit: `ns/op` → `sec/op` (× 1e-9), `MB/s` → `B/s` (× 1e6).
 * Returns the tidied unit and the factor to multiply values by.
 */
export function tidyUnit(unit: string): { unit: string; factor: number } {
  if (unit === 'ns/op') return { unit: 'sec/op', factor: 1e-9 };
  if (unit === 'MB/s') return { unit: 'B/s', factor: 1e6 };
  if (!unit.includes('ns') && !unit.includes('MB')) return { unit, factor: 1 };
  let factor = 1;
  let tidied = unit;
  const edits = tokenizeUnit(unit).filter((t) => !t.denominator && (t.token === 'ns' || t.token === 'MB'));
  for (const t of edits) factor = t.token === 'ns' ? factor / 1e9 : factor * 1e6;
  for (const t of [...edits].reverse()) {
    tidied = tidied.slice(0, t.pos) + (t.token === 'ns' ? 'sec' : 'B') + tidied.slice(t.pos + t.token.length);
  }
  return { unit: tidied, factor };
}

/** A scale for printing: digits after the point, the prefix's value, and the prefix. */
export interface Scaler {
  prec: number;
  factor: number;
  prefix: string;
}

interface PrefixFactor {
  factor: number;
  prefix: string;
  /** Smallest values printed as 100.0, 10.00 and 1.000 with this prefix (after rounding). */
  t100: number;
  t10: number;
  t1: number;
}

const SI_FACTORS: PrefixFactor[] = ['T', 'G', 'M', 'k', '', 'm', 'µ', 'n'].map((prefix, i) => {
  const exp = 12 - 3 * i;
  // Parsed from decimal text so the thresholds match how printing rounds.
  return { factor: Math.pow(10, exp), prefix, t100: Number(`99.995e${exp}`), t10: Number(`9.9995e${exp}`), t1: Number(`.99995e${exp}`) };
});

/** The double nearest to 99.995, 9.9995 and .99995, scaled by 2^exp (exactly, as Go's hex literals). */
function binaryThreshold(mantissaHex: string, exp2: number): number {
  return parseInt(mantissaHex, 16) * Math.pow(2, exp2 - 52);
}

const IEC_FACTORS: PrefixFactor[] = ['Ti', 'Gi', 'Mi', 'Ki', ''].map((prefix, i) => {
  const exp = 40 - 10 * i;
  return {
    factor: Math.pow(2, exp),
    prefix,
    t100: binaryThreshold('18ffae147ae148', 6 + exp),
    t10: binaryThreshold('13ffbe76c8b439', 3 + exp),
    t1: binaryThreshold('1fff972474538f', -1 + exp),
  };
});

/** Thresholds for 3..10 digits after the point below the smallest prefix. */
const SIGFIG_THRESHOLDS = Array.from({ length: 8 }, (_, i) => Number(`9.9995e${-1 - i}`));

/** One scale for all values so each shows ≥ 3 significant digits; chosen by the non-zero value nearest 0. */
export function commonScale(values: readonly number[], cls: UnitClass): Scaler {
  let min = 0;
  for (const raw of values) {
    const v = Math.abs(raw);
    if (v !== 0 && (min === 0 || v < min)) min = v;
  }
  if (min === 0) return { prec: 3, factor: 1, prefix: '' };
  const factors = cls === 'binary' ? IEC_FACTORS : SI_FACTORS;
  for (const f of factors) {
    if (min >= f.t100) return { prec: 1, factor: f.factor, prefix: f.prefix };
    if (min >= f.t10) return { prec: 2, factor: f.factor, prefix: f.prefix };
    if (min >= f.t1) return { prec: 3, factor: f.factor, prefix: f.prefix };
  }
  const smallest = factors[factors.length - 1] as PrefixFactor;
  const scaled = min / smallest.factor;
  for (let i = 0; i < SIGFIG_THRESHOLDS.length; i++) {
    if (scaled >= (SIGFIG_THRESHOLDS[i] as number) || i === SIGFIG_THRESHOLDS.length - 1) {
      return { prec: i + 3, factor: smallest.factor, prefix: smallest.prefix };
    }
  }
  return { prec: 10, factor: smallest.factor, prefix: smallest.prefix };
}

/** `1.718µ`: the value in the scaler's prefix with its precision. */
export function formatScaled(value: number, scaler: Scaler): string {
  return formatFixedGo(value / scaler.factor, scaler.prec) + scaler.prefix;
}

/** Formats one value on its own scale. */
export function scaleValue(value: number, cls: UnitClass): string {
  return formatScaled(value, commonScale([value], cls));
}
