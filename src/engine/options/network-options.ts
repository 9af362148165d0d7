/**
 * k6's options that decide where a request may connect: `hosts` (names → addresses, before
 * DNS), `blockHostnames` (names refused before any lookup) and `blacklistIPs` (addresses
 * refused before any connection). Checked as k6 checks them while loading the script, into
 * plain data that VU threads receive (http/dial-policy.ts applies it).
 */
import { isIP } from 'node:net';
import { ScriptLoadOptionsError } from '../invalid-options-error.js';
import { DEFAULT_DNS, resolveDns, type DnsRuntime } from './dns-options.js';

export interface NetworkPolicy {
  /** `hosts`: key (lower case: `name`, `name:port`, `*.suffix`) → value as given (`ip`, `ip:port`, `[v6]:port`, or a name). */
  hosts: Array<[string, string]>;
  /** `blockHostnames`, lower case: `name` or `*suffix`. */
  blockedHostnames: string[];
  /** `blacklistIPs`: CIDR ranges, as given. */
  blacklistedRanges: string[];
  /** `--local-ips` / `K6_LOCAL_IPS` (not a script option in k6): the VUs' source addresses, as given (local-ips.ts); '' for none. */
  localIPs: string;
  /** `dns`: the resolver's cache time, policy and select (dns-options.ts). */
  dns: DnsRuntime;
}

export const NO_NETWORK_POLICY: NetworkPolicy = { hosts: [], blockedHostnames: [], blacklistedRanges: [], localIPs: '', dns: DEFAULT_DNS };

/** k6's hostname patterns: a name, optionally led by one `*` (`*.example.com`); no other `*`. */
export function isHostnamePattern(p: string): boolean {
  return !p.slice(1).includes('*');
}

/** `10.0.0.0/8`, `::1/128`: Go's net.ParseCIDR. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const family = isIP(address);
  if (family === 0 || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (family === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * The policy of a script's options; k6's load errors (`invalid host pattern '*.a.*'`, `invalid
 * hostname pattern 'a.*.b'`, `failed to parse CIDR '10.0.0.1': invalid CIDR address: 10.0.0.1`)
 * for what k6 refuses. The option types were checked before (go-option-types.ts).
 */
export function resolveNetworkPolicy(raw: Record<string, unknown>): NetworkPolicy {
  const hosts = (raw.hosts ?? {}) as Record<string, unknown>;
  // localIPs comes from the CLI or the environment only, which checked it (local-ips.ts).
  const out: NetworkPolicy = { hosts: [], blockedHostnames: [], blacklistedRanges: [], localIPs: typeof raw.localIPs === 'string' ? raw.localIPs : '', dns: resolveDns(raw.dns) };
  for (const [key, value] of Object.entries(hosts)) {
    if (typeof value !== 'string') continue;
    if (!isHostnamePattern(key)) throw new ScriptLoadOptionsError('hosts', `invalid host pattern ${JSON.stringify(key)}: a "*" may only lead the name, as in "*.example.com"`, `invalid host pattern '${key}'`);
    out.hosts.push([key.toLowerCase(), value]);
  }
  for (const pattern of (raw.blockHostnames ?? []) as unknown[]) {
    if (typeof pattern !== 'string') continue;
    if (!isHostnamePattern(pattern)) throw new ScriptLoadOptionsError('blockHostnames', `invalid hostname pattern ${JSON.stringify(pattern)}: a "*" may only lead the name, as in "*.example.com"`, `invalid hostname pattern '${pattern}'`);
    if (pattern !== '') out.blockedHostnames.push(pattern.toLowerCase());
  }
  for (const range of (raw.blacklistIPs ?? []) as unknown[]) {
    if (typeof range !== 'string') continue;
    if (!parseCidr(range)) throw new ScriptLoadOptionsError('blacklistIPs', `${JSON.stringify(range)} is not a CIDR range; write an address and a prefix length, as in "10.0.0.0/8"`, `failed to parse CIDR '${range}': invalid CIDR address: ${range}`);
    out.blacklistedRanges.push(range);
  }
  return out;
}
