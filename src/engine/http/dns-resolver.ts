/**
 * k6's resolver (lib/netext/resolver.go) for a name a new connection dials: the system's
 * answers (/etc/hosts, then DNS: getaddrinfo, as Go reads the same files) kept for the
 * option's `ttl`, narrowed by its `policy` to IPv4, IPv6 or both, and one address picked by
 * its `select` (http/dial-policy.ts dials it). One resolver per VU thread: `roundRobin` turns
 * per thread, where k6 has one for the whole run.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { DnsRuntime } from '../options/dns-options.js';

/** The system's lookup of every address of a name (node:dns lookup with `all`). */
export type LookupAll = (hostname: string, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemLookupAll: LookupAll = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

export class DnsResolver {
  private readonly cache = new Map<string, { addresses: LookupAddress[]; at: number }>();
  /** k6 counts turns in a uint8, so a name's turn wraps at 256. */
  private readonly turns = new Map<string, number>();

  constructor(
    private readonly config: DnsRuntime,
    private readonly lookupAll: LookupAll = systemLookupAll,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** One address for `hostname` (none when the policy leaves none), or the lookup's error. */
  resolve(hostname: string, callback: (err: Error | null, address?: LookupAddress) => void): void {
    const cached = this.config.ttlMs > 0 ? this.cache.get(hostname) : undefined;
    if (cached && this.now() < cached.at + this.config.ttlMs) return callback(null, this.pick(hostname, cached.addresses));
    this.lookupAll(hostname, (err, found) => {
      if (err) return callback(err);
      const addresses = this.byPolicy(found);
      if (this.config.ttlMs > 0) this.cache.set(hostname, { addresses, at: this.now() });
      callback(null, this.pick(hostname, addresses));
    });
  }

  private byPolicy(addresses: LookupAddress[]): LookupAddress[] {
    const policy = this.config.policy;
    if (policy === 'any') return addresses;
    const v4 = addresses.filter((a) => a.family === 4);
    const v6 = addresses.filter((a) => a.family === 6);
    switch (policy) {
      case 'preferIPv4':
        return v4.length ? v4 : v6;
      case 'preferIPv6':
        return v6.length ? v6 : v4;
      case 'onlyIPv4':
        return v4;
      case 'onlyIPv6':
        return v6;
    }
  }

  private pick(hostname: string, addresses: LookupAddress[]): LookupAddress | undefined {
    if (addresses.length === 0) return undefined;
    switch (this.config.select) {
      case 'first':
        return addresses[0];
      case 'roundRobin': {
        const turn = this.turns.get(hostname) ?? 0;
        this.turns.set(hostname, (turn + 1) & 0xff);
        return addresses[turn % addresses.length];
      }
      case 'random':
        return addresses[Math.floor(this.random() * addresses.length)];
    }
  }
}

/** One resolver per thread for each dns setting (a run has one). */
const resolvers = new Map<string, DnsResolver>();

export function resolverFor(config: DnsRuntime): DnsResolver {
  const key = `${config.ttlMs} ${config.select} ${config.policy}`;
  let r = resolvers.get(key);
  if (!r) resolvers.set(key, (r = new DnsResolver(config)));
  return r;
}
