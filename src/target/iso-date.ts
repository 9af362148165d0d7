/**
 * Strict ISO-8601 dates for the target's API. `Date.parse` rolls impossible dates over
 * (`2024-02-30` becomes March 1st) and takes `24:00` as the next midnight; a record must keep the
 * date its client meant, so each field is range-checked before the text is turned into a time.
 */

const isoForm = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

/** What {@link parseIsoInstant} makes of a text. */
export type IsoInstant =
  | { ok: true; ms: number }
  /** `calendar` says which part names no real date or time; absent when the text is not ISO-8601 at all. */
  | { ok: false; calendar?: string };

/**
 * Parses `YYYY-MM-DD` (when `dateOnly` is allowed, read as UTC midnight) or
 * `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z` or a `±HH:MM` offset.
 */
export function parseIsoInstant(text: string, allow: 'date-time' | 'date or date-time'): IsoInstant {
  const m = isoForm.exec(text);
  if (m === null || (allow === 'date-time' && m[4] === undefined)) return { ok: false };
  const [, year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m as unknown as Array<string | undefined>;
  const calendar = calendarProblem(year!, month!, day!) ?? clockProblem(hour, minute, second, offsetHours, offsetMinutes);
  if (calendar !== undefined) return { ok: false, calendar };
  // Every part is in range now, so Date.parse cannot roll anything over.
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? { ok: false } : { ok: true, ms };
}

function calendarProblem(year: string, month: string, day: string): string | undefined {
  const mm = Number(month);
  if (mm < 1 || mm > 12) return `month ${month} does not exist (months run 01-12)`;
  const days = daysInMonth(Number(year), mm);
  const dd = Number(day);
  if (dd < 1) return `day ${day} does not exist (days run from 01)`;
  if (dd > days) return `${year}-${month} has ${days} days`;
  return undefined;
}

function clockProblem(
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  offsetHours: string | undefined,
  offsetMinutes: string | undefined,
): string | undefined {
  if (hour !== undefined && Number(hour) > 23) return `hour ${hour} does not exist (hours run 00-23)`;
  if (minute !== undefined && Number(minute) > 59) return `minute ${minute} does not exist (minutes run 00-59)`;
  if (second !== undefined && Number(second) > 59) return `second ${second} does not exist (seconds run 00-59; leap seconds are not accepted)`;
  if (offsetHours !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) {
    return `zone offset ${offsetHours}:${offsetMinutes} does not exist (offsets run from -23:59 to +23:59)`;
  }
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
