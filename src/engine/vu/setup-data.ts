/**
 * setup()'s data as a k6 VU sees it. k6 hands each VU its own copy (parsed from the JSON
 * once per VU, kept across its iterations and scenarios) as Go values that goja wraps:
 *
 * - an object is a Go map: whatever a VU sets, adds or deletes stays for its later iterations;
 * - an array is a Go slice held *by value* in its parent: every read of `data.list` gives a
 *   new array over the same elements. Writing an element (`list[0] = 9`) or shortening it
 *   (`list.length = 1`, `pop()`, which zero the dropped elements: `[1, null]`) reaches the
 *   elements, so later reads see it; growing it (`push`, `list[5] = x`) changes only the array
 *   in hand, so `data.list.push(3)` is gone at the next `data.list`. Assigning a new array
 *   (`data.list = data.list.concat([3])`) replaces it for good.
 *
 * Checked against k6 v2.2.0 and v0.49.0 (both alike) by test/conformance/scripts/lifecycle.js
 * and setup-data-mutation.js. Only setup data gets these wrappers; everything else is plain JS.
 */

/** Read through a wrapper: the plain value it wraps (a map's object, a slice's elements). */
const UNWRAP = Symbol('setup-data.unwrap');

const INDEX = /^(0|[1-9]\d*)$/;

function index(key: string | symbol): number {
  return typeof key === 'string' && INDEX.test(key) ? Number(key) : -1;
}

function unwrapOf(value: object): unknown {
  return (value as { [UNWRAP]?: unknown })[UNWRAP];
}

/** The data one VU passes to its iterations: `JSON.parse(json)` with k6's map/slice semantics. */
export function vuSetupData(json: string): unknown {
  const parsed = JSON.parse(json) as unknown;
  // The top-level value is wrapped once per VU: an array at the top keeps what is pushed to it.
  return wrap(parsed, new WeakMap());
}

function wrap(value: unknown, maps: WeakMap<object, object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return new Proxy<unknown[]>([], new SliceView(value, maps));
  let proxy = maps.get(value);
  if (!proxy) {
    proxy = new Proxy(value, new MapView(maps));
    maps.set(value, proxy);
  }
  return proxy;
}

/** A value the script stores into setup data, as Go would hold it: arrays copied into a new slice. */
function store(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const inner = unwrapOf(value);
  if (inner !== undefined) return Array.isArray(inner) ? (value as unknown[]).map(store) : inner;
  return Array.isArray(value) ? value.map(store) : value;
}

/** A Go map: the same object every time, its values wrapped as they are read. */
class MapView implements ProxyHandler<object> {
  constructor(private readonly maps: WeakMap<object, object>) {}

  get(t: object, key: string | symbol, receiver: unknown): unknown {
    if (key === UNWRAP) return t;
    const v: unknown = Reflect.get(t, key, receiver);
    return typeof key === 'string' && Object.hasOwn(t, key) ? wrap(v, this.maps) : v;
  }

  set(t: object, key: string | symbol, v: unknown): boolean {
    (t as Record<string | symbol, unknown>)[key] = store(v);
    return true;
  }

  defineProperty(t: object, key: string | symbol, desc: PropertyDescriptor): boolean {
    return Reflect.defineProperty(t, key, 'value' in desc ? { ...desc, value: store(desc.value) } : desc);
  }
}

/**
 * A Go slice read from its parent: elements below the length it had are the parent's (writes
 * reach them), elements appended are this view's own. The proxy's target is an empty array
 * (so Array.isArray holds and Array.prototype applies); the length lives here.
 */
class SliceView implements ProxyHandler<unknown[]> {
  private readonly baseLen: number;
  private len: number;
  /** Elements appended to this view only (indices from baseLen). */
  private extra: unknown[] | undefined;

  constructor(
    private readonly backing: unknown[],
    private readonly maps: WeakMap<object, object>,
  ) {
    this.baseLen = backing.length;
    this.len = backing.length;
  }

  private read(i: number): unknown {
    if (i >= this.len) return undefined;
    return wrap(i < this.baseLen ? this.backing[i] : this.extra?.[i - this.baseLen], this.maps);
  }

  private write(i: number, v: unknown): void {
    if (i < this.baseLen) this.backing[i] = store(v);
    else (this.extra ??= [])[i - this.baseLen] = store(v);
    if (i >= this.len) this.len = i + 1;
  }

  private setLength(len: number): void {
    // Go zeroes the elements a shortened slice drops; the parent's slice still has them, as null.
    for (let i = len; i < Math.min(this.len, this.baseLen); i++) this.backing[i] = null;
    if (this.extra) this.extra.length = Math.max(0, Math.min(this.extra.length, len - this.baseLen));
    this.len = len;
  }

  get(t: unknown[], key: string | symbol, receiver: unknown): unknown {
    const i = index(key);
    if (i >= 0) return this.read(i);
    if (key === 'length') return this.len;
    if (key === UNWRAP) return this.backing;
    return Reflect.get(t, key, receiver);
  }

  set(t: unknown[], key: string | symbol, v: unknown, receiver: unknown): boolean {
    const i = index(key);
    if (i >= 0) this.write(i, v);
    else if (key === 'length') this.setLength(Number(v));
    else return Reflect.set(t, key, v, receiver);
    return true;
  }

  has(t: unknown[], key: string | symbol): boolean {
    const i = index(key);
    return i >= 0 ? i < this.len : Reflect.has(t, key);
  }

  deleteProperty(t: unknown[], key: string | symbol): boolean {
    const i = index(key);
    if (i < 0) return Reflect.deleteProperty(t, key);
    if (i < this.len) {
      if (i < this.baseLen) this.backing[i] = null;
      else if (this.extra) this.extra[i - this.baseLen] = undefined;
    }
    return true;
  }

  ownKeys(t: unknown[]): (string | symbol)[] {
    const keys: (string | symbol)[] = [];
    for (let i = 0; i < this.len; i++) keys.push(String(i));
    return [...keys, ...Reflect.ownKeys(t)];
  }

  getOwnPropertyDescriptor(t: unknown[], key: string | symbol): PropertyDescriptor | undefined {
    const i = index(key);
    if (i >= 0) return i < this.len ? { value: this.read(i), writable: true, enumerable: true, configurable: true } : undefined;
    // The target's own length is non-configurable; a proxy may report another value for it (it is writable).
    if (key === 'length') return { value: this.len, writable: true, enumerable: false, configurable: false };
    return Reflect.getOwnPropertyDescriptor(t, key);
  }

  defineProperty(t: unknown[], key: string | symbol, desc: PropertyDescriptor): boolean {
    const i = index(key);
    if (i >= 0) this.write(i, desc.value);
    else if (key === 'length' && 'value' in desc) this.setLength(Number(desc.value));
    else return Reflect.defineProperty(t, key, desc);
    return true;
  }
}
