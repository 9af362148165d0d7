/**
 * Where a request connects, as k6's dialer decides it (options/network-options.ts): a host
 * name in `blockHostnames` is refused before anything else, `hosts` maps names (`name:port`
 * first, then `name`, then the longest `*.suffix`) to an address or to another name, and an
 * address in `blacklistIPs` is refused before any connection, whether it came from the URL,
 * from `hosts` or from DNS. A name goes to k6's resolver (`dns`: cache, policy, select;
 * http/dns-resolver.ts), which hands the connection one address. Refusals read as k6's
 * (codes 1111 and 1110; 1000 `lookup <name>: no such host` when the policy leaves no address).
 */
import { BlockList, isIP } from 'node:net';
import type { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { parseCidr, type NetworkPolicy } from '../options/network-options.js';
import { K6HttpErrorCode } from './error-codes.js';
import { resolverFor, type DnsResolver } from './dns-resolver.js';

/** What k6 says when it will not dial: `res.error_code`, `res.error`, and the cause in Go's url.Error. */
export interface DialRefusal {
  code: number;
  message: string;
  cause: string;
}

/** Where to connect: an address, or a name left to DNS whose answers `lookup` checks. */
export interface DialRoute {
  host: string;
  port: number;
  lookup?: typeof dnsLookup;
}

/** A `lookup` failure that is a refusal: Connection reports it as such. */
export class DialRefusedError extends Error {
  constructor(readonly refusal: DialRefusal) {
    super(refusal.cause);
  }
}

/** `name` matches `pattern`: the same name, or for `*suffix` any name ending in the suffix. */
function matches(name: string, pattern: string): boolean {
  return pattern.startsWith('*') ? name.endsWith(pattern.slice(1)) : name === pattern;
}

/** `ip`, `ip:port`, `[v6]:port`, `name:port` or `name` → host and port (undefined: the request's). */
function splitHostPort(value: string): { host: string; port?: number } {
  if (isIP(value)) return { host: value };
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(value) ?? /^([^:]+):(\d+)$/.exec(value);
  if (m) return { host: m[1] as string, port: Number(m[2]) };
  return { host: value };
}

export class DialPolicy {
  private readonly ranges: Array<{ text: string; list: BlockList }>;
  private readonly resolver: DnsResolver;
  /** None of hosts, blockHostnames, blacklistIPs: only names need a route (most scripts). */
  readonly plain: boolean;

  constructor(private readonly policy: NetworkPolicy) {
    this.ranges = policy.blacklistedRanges.map((text) => {
      const cidr = parseCidr(text) as NonNullable<ReturnType<typeof parseCidr>>;
      const list = new BlockList();
      list.addSubnet(cidr.address, cidr.prefix, cidr.family);
      return { text, list };
    });
    this.resolver = resolverFor(policy.dns);
    this.plain = policy.hosts.length === 0 && policy.blockedHostnames.length === 0 && policy.blacklistedRanges.length === 0;
  }

  static of(policy: NetworkPolicy | undefined): DialPolicy | undefined {
    return policy ? new DialPolicy(policy) : undefined;
  }

  /**
   * The route to `host:port` (undefined: the address as the URL gives it), or why k6 would
   * refuse it (`url`: the request's, whose host k6 names in its own case).
   */
  route(host: string, port: number, url = ''): DialRoute | DialRefusal | undefined {
    if (this.plain) return isIP(host) ? undefined : { host, port, lookup: this.checkedLookup };
    if (!isIP(host)) {
      const name = host.toLowerCase();
      const blocked = this.policy.blockedHostnames.find((p) => matches(name, p));
      if (blocked !== undefined) {
        const written = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#[\]]*)/i.exec(url)?.[1];
        const shown = written?.toLowerCase() === name ? written : host;
        return { code: K6HttpErrorCode.blockedHostname, message: 'hostname is blocked', cause: `hostname (${shown}) is in a blocked pattern (${blocked})` };
      }
    }
    let target = { host, port };
    // A name may map to another name: follow the map a few steps, as a resolver follows aliases.
    for (let hops = 0; hops < 8 && !isIP(target.host); hops++) {
      const mapped = this.mapped(target.host.toLowerCase(), target.port);
      if (mapped === undefined) break;
      const next = splitHostPort(mapped);
      target = { host: next.host, port: next.port ?? target.port };
    }
    if (isIP(target.host)) {
      const refusal = this.blacklisted(target.host);
      return refusal ?? target;
    }
    return { ...target, lookup: this.checkedLookup };
  }

  private mapped(name: string, port: number): string | undefined {
    const hosts = this.policy.hosts;
    const exact = hosts.find(([k]) => k === `${name}:${port}`) ?? hosts.find(([k]) => k === name);
    if (exact) return exact[1];
    let best: [string, string] | undefined;
    for (const entry of hosts) if (entry[0].startsWith('*') && matches(name, entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
    return best?.[1];
  }

  private blacklisted(ip: string): DialRefusal | undefined {
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    const hit = this.ranges.find((r) => r.list.check(ip, type));
    return hit ? { code: K6HttpErrorCode.blacklistedIp, message: 'ip is blacklisted', cause: `IP (${ip}) is in a blacklisted range (${hit.text})` } : undefined;
  }

  /** k6's resolver, then the blacklist on the address it chose; as net.connect's `lookup` (which may ask for all addresses). */
  private readonly checkedLookup = ((hostname: string, options: { all?: boolean }, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    const fail = (err: Error) => callback(err, options.all ? [] : '', 0);
    this.resolver.resolve(hostname, (err, address) => {
      if (err) return fail(err);
      if (!address) {
        const words = `lookup ${hostname}: no such host`;
        return fail(new DialRefusedError({ code: K6HttpErrorCode.generic, message: words, cause: words }));
      }
      const refusal = this.blacklisted(address.address);
      if (refusal) return fail(new DialRefusedError(refusal));
      if (options.all) callback(null, [address]);
      else callback(null, address.address, address.family);
    });
  }) as unknown as typeof dnsLookup;
}
