/**
 * k6's `--local-ips` / `K6_LOCAL_IPS` (types.IPPool): the source addresses VUs connect from,
 * a comma-separated list of addresses, ranges (`a-b`) and CIDRs. VU n of the instance takes
 * address n-1 of the pool, wrapping around (the init and setup VU, 0, takes the first), as
 * k6's runner does. An IPv4 CIDR wider than /31 leaves out its network and broadcast
 * addresses, as k6 does. Refusals are k6's words.
 *
 * One difference: k6 turns an IPv6 address whose first byte is zero (`::1`) into a broken
 * address (Go's big.Int drops the leading zero bytes) and every request then fails; here it
 * is the address written.
 */
import { isIP } from 'node:net';

export class LocalIpsError extends Error {}

interface IpBlock {
  first: bigint;
  /** Addresses in this block and all before it (k6's running count). */
  upTo: bigint;
  v6: boolean;
}

export interface IpPool {
  readonly blocks: readonly IpBlock[];
  readonly size: bigint;
}

/** Go's net.ParseIP as a number: IPv4 (including `::ffff:a.b.c.d`, which Go reads as IPv4) or IPv6; undefined when Go refuses it. */
function parseIp(text: string): { value: bigint; v6: boolean } | undefined {
  const family = isIP(text);
  if (family === 4) return { value: v4Value(text), v6: false };
  if (family !== 6 || text.includes('%')) return undefined;
  const value = v6Value(text);
  // An IPv4-mapped address is IPv4 to Go (To4() is not nil).
  if (value >> 32n === 0xffffn) return { value: value & 0xffffffffn, v6: false };
  return { value, v6: true };
}

function v4Value(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6Value(text: string): bigint {
  let groups: string[];
  let tail: bigint | undefined;
  let body = text;
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) is the last two groups.
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    tail = v4Value(body.slice(lastColon + 1));
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = body.split('::') as [string, string | undefined];
  if (rest === undefined) groups = head.split(':');
  else {
    const left = head === '' ? [] : head.split(':');
    const right = rest === '' ? [] : rest.split(':');
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  }
  let value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail !== undefined) value = (value & ~0xffffffffn) | tail;
  return value;
}

function formatIp(value: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // Node accepts the full form; no need to compress it.
  return groups.join(':');
}

function rangeBlock(s: string): { first: bigint; count: bigint; v6: boolean } {
  const dash = s.indexOf('-');
  const a = parseIp(s.slice(0, dash));
  const b = parseIp(s.slice(dash + 1));
  if (!a || !b) throw new LocalIpsError(`wrong IP range format: ${s}`);
  if (a.v6 !== b.v6) throw new LocalIpsError(`mixed IP range format: ${s}`);
  const count = b.value - a.value + 1n;
  if (count <= 0n) throw new LocalIpsError(`negative IP range: ${s}`);
  return { first: a.value, count, v6: a.v6 };
}

function cidrBlock(s: string): { first: bigint; count: bigint; v6: boolean } {
  const slash = s.indexOf('/');
  const ip = parseIp(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  const bits = ip?.v6 ? 128 : 32;
  if (!ip || !/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    throw new LocalIpsError(`parseCIDR() failed parsing ${s}: invalid CIDR address: ${s}`);
  }
  const hostBits = BigInt(bits - Number(prefixText));
  const first = (ip.value >> hostBits) << hostBits;
  let count = 1n << hostBits;
  // k6 leaves out an IPv4 network's own and broadcast addresses once it has more than two.
  if (!ip.v6 && count > 2n) return { first: first + 1n, count: count - 2n, v6: false };
  return { first, count, v6: ip.v6 };
}

/** The pool of `text`, k6's way; undefined for an empty text (no pool); throws LocalIpsError with k6's message. */
export function parseLocalIps(text: string): IpPool | undefined {
  if (text === '') return undefined;
  const blocks: IpBlock[] = [];
  let size = 0n;
  for (const s of text.split(',')) {
    let block: { first: bigint; count: bigint; v6: boolean };
    if (s.includes('-')) block = rangeBlock(s);
    else if (s.includes('/')) block = cidrBlock(s);
    else {
      const ip = parseIp(s);
      if (!ip) throw new LocalIpsError(`${s} is not a valid IP, IP range or CIDR`);
      block = { first: ip.value, count: 1n, v6: ip.v6 };
    }
    size += block.count;
    blocks.push({ first: block.first, upTo: size, v6: block.v6 });
  }
  return { blocks, size };
}

/** The pool's address at `index`, wrapping around (k6's GetIP). */
export function poolAddress(pool: IpPool, index: number): string {
  let i = BigInt(index) % pool.size;
  let before = 0n;
  for (const b of pool.blocks) {
    if (i < b.upTo) return formatIp(b.first + (i - before), b.v6);
    before = b.upTo;
  }
  /* c8 ignore next */
  throw new Error('unreachable: index within the pool');
}

/** The source address of the VU with instance id `vuId` (0: the init/setup VU), k6's choice. */
export function vuLocalAddress(pool: IpPool, vuId: number): string {
  return poolAddress(pool, vuId > 0 ? vuId - 1 : 0);
}
