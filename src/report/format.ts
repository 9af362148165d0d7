/**
 * Number and text formatting for reports. Every number a template shows is formatted
 * here, once, so HTML, Markdown, JUnit and JSON agree to the character.
 */

/** Characters XML 1.0 forbids (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes any user-provided string safe to carry into every output format: drops the
 * characters XML cannot hold (a scenario name with a NUL must not break JUnit) and
 * replaces nullish values with an empty string. Escaping is the templates' job.
 */
export function cleanText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(XML_INVALID, '\uFFFD');
}

/** Shortens `text` to at most `max` characters, marking the cut with an ellipsis. */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A plain number with precision that follows its size: 1234 → "1,234", 61.23 → "61.2",
 * 4.567 → "4.57", 0.01234 → "0.0123". Non-finite values print as "—".
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return trimZeros(value.toFixed(1));
  if (abs >= 1) return trimZeros(value.toFixed(2));
  return trimZeros(value.toPrecision(3));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Bytes with a binary-free SI prefix, as k6 prints data_sent: 63974 → "64 kB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(value)} ${units[unit]}`;
}

/**
 * A measured value with its unit. `asFraction` marks k6 Rate metrics (http_req_failed,
 * checks), whose `rate` is a fraction 0..1 and reads best as a percentage.
 */
export function formatValue(value: number | null | undefined, unit: string, asFraction = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (asFraction) return formatPercent(value * 100);
  if (unit === 'B') return formatBytes(value);
  if (unit === 'B/s') return `${formatBytes(value)}/s`;
  if (unit.startsWith('/')) return `${formatNumber(value)}${unit}`;
  if (unit === '%') return formatPercent(value);
  if (unit === 'ms' && Math.abs(value) >= 10_000) return `${formatNumber(value / 1000)} s`;
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

/** A percentage: 1.234 → "1.23%", 0 → "0%". */
export function formatPercent(pct: number): string {
  if (!Number.isFinite(pct)) return '—';
  return `${formatNumber(pct)}%`;
}

/** A signed delta as benchstat prints it (`%+.2f%%`): 23.1 → "+23.10%". */
export function formatDelta(deltaPct: number | null): string {
  if (deltaPct === null || !Number.isFinite(deltaPct)) return '—';
  const sign = deltaPct > 0 ? '+' : deltaPct < 0 ? '' : '+';
  return `${sign}${deltaPct.toFixed(2)}%`;
}

/** A p-value with three decimals, as benchstat prints it ("p=0.002"); tiny values as "<0.001". */
export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '—';
  if (p < 0.001) return 'p<0.001';
  return `p=${p.toFixed(3)}`;
}

/** The CI half-width as benchstat prints it: 4.2 → "± 4%", null → "± ∞". */
export function formatCi(ciPct: number | null): string {
  if (ciPct === null || !Number.isFinite(ciPct)) return '± ∞';
  return `± ${Math.round(ciPct)}%`;
}

/** A duration in milliseconds as a short human string: 4004 → "4.0 s", 125000 → "2 min 5 s". */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** Memory in bytes as GiB, the way OS tools show RAM: 17179869184 → "16 GiB". */
export function formatMemory(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '—';
  return `${formatNumber(bytes / 1024 ** 3)} GiB`;
}

/** Thousands-separated integer: 1234567 → "1,234,567". */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return '—';
  return Math.round(count).toLocaleString('en-US');
}

/** "1 threshold", "3 thresholds": `count` with the word, plural by adding `s`. */
export function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}
