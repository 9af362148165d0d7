/**
 * k6's resolver (lib/netext/resolver.go) as the engine applies options.dns: the policy narrows
 * a name's addresses, select picks one, ttl keeps the answer. The system's lookup is given here
 * as a function answering fixed addresses (this machine's /etc/hosts gives localhost one
 * address, so several can only be had this way); options-dns*.js in test/conformance run the
 * whole path against real k6. And the option's text forms, refused in k6's words.
 */
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { DnsResolver, type LookupAll } from '../../src/engine/http/dns-resolver.js';
import { DEFAULT_DNS, dnsTtlMs, mergeDns, parseDnsText, resolveDns, type DnsRuntime } from '../../src/engine/options/dns-options.js';

const BOTH: LookupAddress[] = [
  { address: '::1', family: 6 },
  { address: '127.0.0.2', family: 4 },
  { address: 'fd00::2', family: 6 },
  { address: '127.0.0.3', family: 4 },
];

function resolver(config: Partial<DnsRuntime>, answers: LookupAddress[] = BOTH, clock = { now: 0 }, random = () => 0.99) {
  const asked: string[] = [];
  const lookupAll: LookupAll = (host, cb) => {
    asked.push(host);
    cb(null, answers);
  };
  return { r: new DnsResolver({ ...DEFAULT_DNS, ...config }, lookupAll, () => clock.now, random), asked };
}

function resolveSync(r: DnsResolver, host = 'svc'): string | undefined {
  let out: string | undefined = 'pending';
  r.resolve(host, (err, a) => {
    if (err) throw err;
    out = a?.address;
  });
  return out;
}

describe('k6 resolver', () => {
  it('policy: prefer one family and fall back to the other, only one family, or any', () => {
    expect(resolveSync(resolver({ policy: 'preferIPv4', select: 'first' }).r)).toBe('127.0.0.2');
    expect(resolveSync(resolver({ policy: 'preferIPv6', select: 'first' }).r)).toBe('::1');
    expect(resolveSync(resolver({ policy: 'preferIPv6', select: 'first' }, [{ address: '127.0.0.9', family: 4 }]).r)).toBe('127.0.0.9');
    expect(resolveSync(resolver({ policy: 'onlyIPv4', select: 'first' }, [{ address: '::1', family: 6 }]).r)).toBeUndefined();
    expect(resolveSync(resolver({ policy: 'onlyIPv6', select: 'first' }).r)).toBe('::1');
    expect(resolveSync(resolver({ policy: 'any', select: 'first' }).r)).toBe('::1');
  });

  it('select: first, roundRobin in turn per name, random', () => {
    const rr = resolver({ policy: 'any', select: 'roundRobin' }).r;
    expect([1, 2, 3, 4, 5].map(() => resolveSync(rr))).toEqual(['::1', '127.0.0.2', 'fd00::2', '127.0.0.3', '::1']);
    expect(resolveSync(rr, 'other')).toBe('::1');
    const draws = [0, 0.5, 0.99];
    const rnd = resolver({ policy: 'onlyIPv4', select: 'random' }, BOTH, { now: 0 }, () => draws.shift() as number).r;
    expect([1, 2, 3].map(() => resolveSync(rnd))).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.3']);
  });

  it("roundRobin counts turns in k6's uint8: after 256 turns of 3 addresses it starts over", () => {
    const rr = resolver({ policy: 'any', select: 'roundRobin' }, BOTH.slice(0, 3)).r;
    const seen = Array.from({ length: 258 }, () => resolveSync(rr));
    expect(seen[255]).toBe('::1'); // turn 255: 255 % 3 = 0
    expect(seen[256]).toBe('::1'); // turn 256 wrapped to 0
    expect(seen[257]).toBe('127.0.0.2');
  });

  it('ttl: an answer is kept for its time, then looked up again; 0 keeps nothing', () => {
    const clock = { now: 0 };
    const cached = resolver({ ttlMs: 60_000 }, BOTH, clock);
    resolveSync(cached.r);
    clock.now = 59_999;
    resolveSync(cached.r);
    expect(cached.asked).toHaveLength(1);
    clock.now = 60_000;
    resolveSync(cached.r);
    expect(cached.asked).toHaveLength(2);
    const none = resolver({ ttlMs: 0 }, BOTH, clock);
    resolveSync(none.r);
    resolveSync(none.r);
    expect(none.asked).toHaveLength(2);
  });
});

describe('the dns option', () => {
  it("ttl as k6's runner reads it: inf, 0, milliseconds as a number, durations with days", () => {
    expect(dnsTtlMs(undefined)).toBe(300_000);
    expect(dnsTtlMs('')).toBe(300_000);
    expect(dnsTtlMs('inf')).toBe(365 * 24 * 3_600_000);
    expect(dnsTtlMs('0')).toBe(0);
    expect(dnsTtlMs('1000')).toBe(1000);
    expect(dnsTtlMs('1.5')).toBe(1.5);
    expect(dnsTtlMs('1e3')).toBe(1000);
    expect(dnsTtlMs('-0')).toBe(0);
    expect(dnsTtlMs('1m30s')).toBe(90_000);
    expect(dnsTtlMs('1d12h')).toBe(129_600_000);
    for (const bad of ['x', '-1s', '-5', '1h2d', ' 1m', 'abc1m', 'NaN', '1e40']) expect(() => dnsTtlMs(bad), bad).toThrow(`invalid DNS TTL: ${bad}`);
  });

  it("--dns and K6_DNS text: pairs, the last of a key wins, k6's default text sets nothing; refusals in k6's words", () => {
    expect(parseDnsText('ttl=1m,select=first,policy=any')).toEqual({ ttl: '1m', select: 'first', policy: 'any' });
    expect(parseDnsText('ttl=1m,ttl=2m')).toEqual({ ttl: '2m' });
    expect(parseDnsText('ttl=5m,select=random,policy=preferIPv4')).toEqual({});
    expect(() => parseDnsText('ttl')).toThrow('no value for key ttl');
    expect(() => parseDnsText('ttl=')).toThrow('no value for key ttl=');
    expect(() => parseDnsText('foo=1')).toThrow('unknown DNS configuration field: foo');
    expect(() => parseDnsText('select=x')).toThrow('x does not belong to DNSSelect values');
    expect(() => parseDnsText('policy=IPv6')).toThrow('IPv6 does not belong to DNSPolicy values');
  });

  it('layers replace the fields they set, as k6 consolidates them', () => {
    expect(mergeDns({ ttl: '1m', policy: 'onlyIPv6' }, undefined, { policy: 'onlyIPv4', select: null })).toEqual({ ttl: '1m', policy: 'onlyIPv4' });
    expect(mergeDns(undefined, null)).toBeUndefined();
    expect(resolveDns({ ttl: '1m', policy: 'any' })).toEqual({ ttlMs: 60_000, select: 'random', policy: 'any' });
    expect(resolveDns(undefined)).toEqual(DEFAULT_DNS);
  });
});
