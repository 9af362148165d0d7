/**
 * Go's strconv.ParseInt and ParseBool: which strings they take and their errors, as k6 prints
 * them (`strconv.ParseInt: parsing "x": invalid syntax`, `… value out of range`).
 */
import { goQuote } from './go-quote.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

export type GoParseIntResult = { ok: true; value: number } | { ok: false; error: string };

/** strconv.ParseInt(s, 10, 64): `2`, `+2`, `-07`; not `2.0`, ` 2` or `""`. */
export function goParseInt(text: string): GoParseIntResult {
  if (!/^[+-]?\d+$/.test(text)) return { ok: false, error: `strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax` };
  const n = BigInt(text);
  if (n > INT64_MAX || n < INT64_MIN) return { ok: false, error: `strconv.ParseInt: parsing ${goQuote(text)}: value out of range` };
  return { ok: true, value: Number(n) };
}

/** strconv.ParseBool: 1 t T TRUE true True, 0 f F FALSE false False; undefined for anything else. */
export function goParseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}
