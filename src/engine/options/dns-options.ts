/**
 * k6's `dns` option (types.DNSConfig): how long a lookup is cached (`ttl`), which address of
 * several is used (`select`: first, random, roundRobin) and which IP versions (`policy`:
 * preferIPv4, preferIPv6, onlyIPv4, onlyIPv6, any). Defaults: 5m, random, preferIPv4. The
 * script sets it as an object, `--dns` and `K6_DNS` as `ttl=1m,select=first,policy=any`;
 * each layer replaces only the fields it sets, as k6 consolidates it. Refusals are k6's words.
 * http/dns-resolver.ts applies it.
 */
import { parseK6Duration } from '../../core/go-parse-duration.js';

export const DNS_SELECTS = ['first', 'roundRobin', 'random'] as const;
export const DNS_POLICIES = ['preferIPv4', 'preferIPv6', 'onlyIPv4', 'onlyIPv6', 'any'] as const;
export type DnsSelect = (typeof DNS_SELECTS)[number];
export type DnsPolicy = (typeof DNS_POLICIES)[number];

/** The option's fields as the layers give them (null or absent: not set by that layer). */
export interface DnsOption {
  ttl?: string | null;
  select?: string | null;
  policy?: string | null;
}

/** What the resolver does: a cache time in ms (0: none), and its choices. */
export interface DnsRuntime {
  ttlMs: number;
  select: DnsSelect;
  policy: DnsPolicy;
}

export const DEFAULT_DNS: DnsRuntime = { ttlMs: 5 * 60_000, select: 'random', policy: 'preferIPv4' };

/** k6's text form of its defaults: `--dns` given exactly this sets nothing. */
const DEFAULT_DNS_TEXT = 'ttl=5m,select=random,policy=preferIPv4';

export class DnsOptionError extends Error {}

/** k6's enum check (enumer's words): `x does not belong to DNSSelect values`. */
export function checkDnsEnum(field: 'select' | 'policy', value: string): void {
  const valid: readonly string[] = field === 'select' ? DNS_SELECTS : DNS_POLICIES;
  if (!valid.includes(value)) throw new DnsOptionError(`${value} does not belong to ${field === 'select' ? 'DNSSelect' : 'DNSPolicy'} values`);
}

/**
 * `--dns` / `K6_DNS` text (k6's DNSConfig.UnmarshalText): `key=value` pairs, comma-separated;
 * a later key wins. Throws DnsOptionError with k6's message.
 */
export function parseDnsText(text: string): DnsOption {
  if (text === DEFAULT_DNS_TEXT) return {};
  const out: DnsOption = {};
  const pairs = text.split(',').map((item) => {
    const at = item.indexOf('=');
    const value = at < 0 ? '' : item.slice(at + 1);
    if (value === '') throw new DnsOptionError(`no value for key ${item}`);
    return [item.slice(0, at), value] as const;
  });
  for (const [key, value] of pairs) {
    if (key === 'select' || key === 'policy') {
      checkDnsEnum(key, value);
      out[key] = value;
    } else if (key === 'ttl') out.ttl = value;
    else throw new DnsOptionError(`unknown DNS configuration field: ${key}`);
  }
  return out;
}

/** A year: k6's "inf". */
const INFINITE_TTL_MS = 365 * 24 * 3600_000;

/** Go's strconv.ParseFloat's decimal forms (hex and the words aside). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The cache time of a `ttl` text as k6's runner reads it: `inf`, `0` (no cache), a number of
 * milliseconds, or a duration (days allowed, `1d12h`); anything else, or below zero, is
 * `invalid DNS TTL: <text>`.
 */
export function dnsTtlMs(text: string | null | undefined): number {
  if (text === null || text === undefined || text === '') return DEFAULT_DNS.ttlMs;
  if (text === 'inf') return INFINITE_TTL_MS;
  if (text === '0') return 0;
  let ms: number | undefined;
  // A plain number is milliseconds, as k6 reads it: a float32 printed with two decimals.
  if (DECIMAL.test(text)) ms = Number(Math.fround(Number(text)).toFixed(2));
  else {
    const parsed = parseK6Duration(text);
    if (parsed.ok) ms = parsed.ms;
  }
  if (ms === undefined || ms < 0 || !Number.isFinite(ms)) throw new DnsOptionError(`invalid DNS TTL: ${text}`);
  return ms;
}

/** The resolver's settings from the consolidated option (its fields checked while decoding). */
export function resolveDns(option: unknown): DnsRuntime {
  const o = (option && typeof option === 'object' ? option : {}) as DnsOption;
  return {
    ttlMs: dnsTtlMs(o.ttl),
    select: typeof o.select === 'string' ? (o.select as DnsSelect) : DEFAULT_DNS.select,
    policy: typeof o.policy === 'string' ? (o.policy as DnsPolicy) : DEFAULT_DNS.policy,
  };
}

/** The layers' `dns` over one another, field by field (k6's Options.Apply). */
export function mergeDns(...layers: unknown[]): DnsOption | undefined {
  let out: DnsOption | undefined;
  for (const layer of layers) {
    if (!layer || typeof layer !== 'object' || Array.isArray(layer)) continue;
    const l = layer as DnsOption;
    out ??= {};
    for (const k of ['ttl', 'select', 'policy'] as const) if (l[k] !== undefined && l[k] !== null) out[k] = l[k];
  }
  return out;
}
