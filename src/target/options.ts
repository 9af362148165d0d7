import { UsageError } from '../core/errors.js';

/** Fault injection applied to every request outside `/admin/*` and `/metrics`. */
export interface FaultOptions {
  /** Milliseconds added (by timer) after the handler ran and before the response is sent. @default 0 */
  latencyMs: number;
  /**
   * Factor >= 1 applied to the handler's own time: a handler that took t ms busy-waits another
   * (slowdown - 1) * t ms, which models a slower build burning CPU. @default 1
   */
  slowdown: number;
  /** Fraction (0..1) of requests answered with a 503 JSON error instead of being handled. @default 0 */
  errorRate: number;
}

/** Options of {@link startTarget}. Every field is optional; see {@link targetDefaults}. */
export interface TargetOptions extends Partial<FaultOptions> {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** SQLite database file, or `:memory:`. @default ':memory:' */
  db?: string;
  /** Records to seed at start (deterministic generator). @default 0 */
  seed?: number;
  /** Entries in the `/records/:id` LRU cache; 0 disables the cache. @default 10000 */
  cacheSize?: number;
  /** Largest request body accepted, in bytes; larger bodies get a 413. @default 10485760 (10 MiB) */
  maxBodyBytes?: number;
  /**
   * `redis://` or `rediss://` URL of a Redis that holds the record cache instead of the in-process
   * LRU (`cacheSize` then only says whether there is a cache: 0 still disables it). Each target uses
   * keys of its own, so several targets can share one Redis. The CLI defaults it to `$REDIS_URL`.
   * @default null (the in-process LRU)
   */
  redisUrl?: string | null;
}

/** {@link TargetOptions} after validation and defaults. */
export type ResolvedTargetOptions = Required<TargetOptions>;

/** The defaults of every target option. */
export const targetDefaults: Readonly<ResolvedTargetOptions> = Object.freeze({
  port: 0,
  db: ':memory:',
  seed: 0,
  latencyMs: 0,
  slowdown: 1,
  errorRate: 0,
  cacheSize: 10_000,
  maxBodyBytes: 10 * 1024 * 1024,
  redisUrl: null,
});

interface NumericRule {
  integer: boolean;
  min: number;
  max: number;
}

/** Valid range of each numeric option, used for validation and in error messages. */
export const targetOptionRanges: Readonly<Record<Exclude<keyof TargetOptions, 'db' | 'redisUrl'>, NumericRule>> = Object.freeze({
  port: { integer: true, min: 0, max: 65_535 },
  seed: { integer: true, min: 0, max: 10_000_000 },
  latencyMs: { integer: false, min: 0, max: 60_000 },
  slowdown: { integer: false, min: 1, max: 1_000 },
  errorRate: { integer: false, min: 0, max: 1 },
  cacheSize: { integer: true, min: 0, max: 10_000_000 },
  maxBodyBytes: { integer: true, min: 1, max: 1024 * 1024 * 1024 },
});

const faultKeys = ['latencyMs', 'slowdown', 'errorRate'] as const;

/** Names an option in messages; the CLI passes one that answers with its flag names. */
export type OptionLabel = (key: string) => string;

const plainLabel: OptionLabel = (key) => `"${key}"`;

/**
 * Checks raw target options and fills in defaults. Unknown keys and out-of-range values are
 * rejected with a {@link UsageError} that names the option and its valid range.
 * @param label how to name an option in messages (the CLI names its flags instead)
 */
export function validateTargetOptions(raw: unknown, label: OptionLabel = plainLabel): ResolvedTargetOptions {
  const input = requireObject(raw, 'target options');
  const allowed = Object.keys(targetDefaults);
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      throw new UsageError(`unknown target option ${label(key)}; valid options: ${allowed.join(', ')}`);
    }
  }
  const resolved: Record<string, unknown> = { ...targetDefaults };
  for (const [key, rule] of Object.entries(targetOptionRanges)) {
    const value = input[key];
    if (value !== undefined) resolved[key] = checkNumber(value, rule, label(key));
  }
  if (input.db !== undefined) {
    if (typeof input.db !== 'string' || input.db.trim() === '') {
      throw new UsageError(`target option ${label('db')} must be a file path or ":memory:" (got ${describe(input.db)})`);
    }
    resolved.db = input.db;
  }
  if (input.redisUrl !== undefined && input.redisUrl !== null) resolved.redisUrl = checkRedisUrl(input.redisUrl, label('redisUrl'));
  return resolved as ResolvedTargetOptions;
}

const redisUrlForm = 'redis[s]://[[user][:password]@]host[:port][/db-number]';

/**
 * Checks the form of a Redis URL (whether it answers is checked at start). Credentials are
 * never echoed back.
 * @throws UsageError naming the option and the accepted form
 */
export function checkRedisUrl(value: unknown, name: string): string {
  const bad = (why: string): UsageError => new UsageError(`${name} must be a ${redisUrlForm} URL: ${why}`);
  if (typeof value !== 'string' || value.trim() === '') throw bad(`got ${describe(value)}`);
  if (!/^rediss?:\/\//i.test(value)) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
    throw bad(scheme === undefined ? `no redis:// or rediss:// scheme in ${JSON.stringify(redactUrl(value))}` : `the scheme is "${scheme}" in ${JSON.stringify(redactUrl(value))}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(`cannot parse ${JSON.stringify(redactUrl(value))}`);
  }
  const shown = JSON.stringify(redactUrl(value));
  if (url.hostname === '') throw bad(`no host in ${shown}`);
  if (!/^(\/(\d{1,5})?)?$/.test(url.pathname)) throw bad(`the path must be a database number such as /0 (got "${url.pathname}" in ${shown})`);
  if (url.search !== '' || url.hash !== '') throw bad(`no query or fragment is accepted (in ${shown})`);
  return value;
}

/** A URL fit for messages and logs: the password (and anything unparseable after `//user:`) is masked. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password === '') return value;
    url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
  }
}

/**
 * Checks a partial fault update (from {@link RunningTarget.setFaults} or `POST /admin/faults`).
 * @throws UsageError naming the bad key and its valid range
 */
export function validateFaultOptions(raw: unknown, label: OptionLabel = plainLabel): Partial<FaultOptions> {
  const input = requireObject(raw, 'fault options');
  const out: Partial<FaultOptions> = {};
  for (const key of Object.keys(input)) {
    if (!(faultKeys as readonly string[]).includes(key)) {
      throw new UsageError(`unknown fault option ${label(key)}; valid options: ${faultKeys.join(', ')}`);
    }
  }
  for (const key of faultKeys) {
    const value = input[key];
    if (value !== undefined) out[key] = checkNumber(value, targetOptionRanges[key], label(key));
  }
  return out;
}

function requireObject(raw: unknown, what: string): Record<string, unknown> {
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${what} must be an object (got ${describe(raw)})`);
  }
  return raw as Record<string, unknown>;
}

function checkNumber(value: unknown, rule: NumericRule, name: string): number {
  const kind = rule.integer ? 'an integer' : 'a number';
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    value >= rule.min &&
    value <= rule.max;
  if (!ok) {
    throw new UsageError(`${name} must be ${kind} from ${rule.min} to ${rule.max} (got ${describe(value)})`);
  }
  return value as number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
