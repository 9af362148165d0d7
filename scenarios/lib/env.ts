/** Reads scenario knobs from `__ENV` with defaults, failing loudly on nonsense. */

export function envString(name: string, fallback: string): string {
  const v = __ENV[name];
  return v === undefined || v === '' ? fallback : v;
}

export function envInt(name: string, fallback: number): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`__ENV.${name}="${raw}" is not a non-negative integer`);
  }
  return n;
}

/** The service under test, without a trailing slash. */
export function baseUrl(): string {
  return envString('BASE_URL', 'http://127.0.0.1:8080').replace(/\/+$/, '');
}

/** A non-negative number (e.g. seconds of think time). */
export function envNumber(name: string, fallback: number): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`__ENV.${name}="${raw}" is not a non-negative number`);
  }
  return n;
}
