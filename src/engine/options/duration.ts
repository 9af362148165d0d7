import { InvalidOptionsError } from './invalid-options-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, us: 0.001, 'µs': 0.001, ns: 0.000001 };

/**
 * Parses a k6/Go duration (`'30s'`, `'1m30s'`, `'500ms'`, `'1h'`) or a number of
 * milliseconds into milliseconds; throws InvalidOptionsError naming `key`.
 */
export function parseDurationMs(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
    const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|s|m|h)/gy;
    let total = 0;
    let matched = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
      matched = re.lastIndex;
    }
    if (matched === text.length && matched > 0) return total;
  }
  throw new InvalidOptionsError(key, `invalid duration ${JSON.stringify(value)}; use a duration like "30s", "1m30s", "500ms" or "2h"`);
}
