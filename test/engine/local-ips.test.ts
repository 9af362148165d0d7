/**
 * k6's IP pool (`--local-ips`): which source address each VU gets. The cases were checked
 * against k6 v2.2.0 on this machine's loopback (the conformance script options-local-ips.js
 * runs the whole path against real k6).
 */
import { describe, expect, it } from 'vitest';
import { LocalIpsError, parseLocalIps, poolAddress, vuLocalAddress } from '../../src/engine/options/local-ips.js';

const pool = (text: string) => {
  const p = parseLocalIps(text);
  if (!p) throw new Error('no pool');
  return p;
};
const addresses = (text: string, n: number) => Array.from({ length: n }, (_, i) => poolAddress(pool(text), i));

describe('k6 IP pools', () => {
  it('a range, one address, and a list wrap around in order', () => {
    expect(addresses('127.0.0.2-127.0.0.4', 4)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.2']);
    expect(addresses('127.0.0.9', 2)).toEqual(['127.0.0.9', '127.0.0.9']);
    expect(addresses('127.0.0.2,127.0.0.7', 3)).toEqual(['127.0.0.2', '127.0.0.7', '127.0.0.2']);
    expect(addresses('10.0.0.255-10.0.1.1', 3)).toEqual(['10.0.0.255', '10.0.1.0', '10.0.1.1']);
  });

  it('an IPv4 CIDR over two addresses leaves out its network and broadcast addresses; /31 and /32 keep theirs', () => {
    expect(addresses('127.0.0.0/30', 3)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.1']);
    expect(addresses('127.0.0.8/29', 7)).toEqual(['127.0.0.9', '127.0.0.10', '127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14', '127.0.0.9']);
    expect(addresses('127.0.0.0/31', 2)).toEqual(['127.0.0.0', '127.0.0.1']);
    expect(addresses('127.0.0.5/32', 1)).toEqual(['127.0.0.5']);
    // Host bits are dropped, as Go's ParseCIDR does.
    expect(addresses('127.0.0.13/30', 1)).toEqual(['127.0.0.13']);
  });

  it('IPv6 keeps every address of a CIDR; an IPv4-mapped address is IPv4, as Go reads it', () => {
    expect(addresses('fd00::1-fd00::2', 3)).toEqual(['fd00:0:0:0:0:0:0:1', 'fd00:0:0:0:0:0:0:2', 'fd00:0:0:0:0:0:0:1']);
    expect(addresses('fd00::/127', 2)).toEqual(['fd00:0:0:0:0:0:0:0', 'fd00:0:0:0:0:0:0:1']);
    expect(addresses('::ffff:127.0.0.2', 1)).toEqual(['127.0.0.2']);
  });

  it('VU n takes address n-1; VU 0 (init, setup) the first', () => {
    const p = pool('127.0.0.2-127.0.0.3');
    expect([0, 1, 2, 3].map((id) => vuLocalAddress(p, id))).toEqual(['127.0.0.2', '127.0.0.2', '127.0.0.3', '127.0.0.2']);
  });

  it("refuses what k6 refuses, in k6's words; an empty text is no pool", () => {
    const refusal = (text: string) => {
      try {
        parseLocalIps(text);
      } catch (err) {
        expect(err).toBeInstanceOf(LocalIpsError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(parseLocalIps('')).toBeUndefined();
    expect(refusal('x')).toBe('x is not a valid IP, IP range or CIDR');
    expect(refusal('127.0.0.2,')).toBe(' is not a valid IP, IP range or CIDR');
    expect(refusal('127.0.0.5-127.0.0.2')).toBe('negative IP range: 127.0.0.5-127.0.0.2');
    expect(refusal('127.0.0.1-::1')).toBe('mixed IP range format: 127.0.0.1-::1');
    expect(refusal('127.0.0.2-x')).toBe('wrong IP range format: 127.0.0.2-x');
    expect(refusal(' 127.0.0.2 - 127.0.0.3 ')).toBe('wrong IP range format:  127.0.0.2 - 127.0.0.3 ');
    expect(refusal('127.0.0.1/33')).toBe('parseCIDR() failed parsing 127.0.0.1/33: invalid CIDR address: 127.0.0.1/33');
    expect(refusal('fe80::1%lo')).toBe('fe80::1%lo is not a valid IP, IP range or CIDR');
  });
});
