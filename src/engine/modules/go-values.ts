/**
 * How k6's Go modules see script values: the Go type name
 * their messages print (`invalid type int64, …`), and the bytes of a string,
 * ArrayBuffer or Uint8Array (k6's common.ToBytes).
 */
import { GoError } from './go-error.js';

const TYPED_ARRAY_GO_NAMES: Array<[new (...a: never[]) => unknown, string]> = [
  [Int8Array, '[]int8'],
  [Int16Array, '[]int16'],
  [Uint16Array, '[]uint16'],
  [Int32Array, '[]int32'],
  [Uint32Array, '[]uint32'],
  [Float32Array, '[]float32'],
  [Float64Array, '[]float64'],
  [BigInt64Array, '[]int64'],
  [BigUint64Array, '[]uint64'],
];

/** The Go type k6's JS runtime exports `v` as (what `%T` prints in k6's error messages). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(v) && !Object.is(v, -0) ? 'int64' : 'float64';
    case 'string':
      return 'string';
    case 'bigint':
      return '*big.Int';
    case 'function':
      return 'func(sobek.FunctionCall) sobek.Value';
    case 'symbol':
      return 'string';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof ArrayBuffer) return 'sobek.ArrayBuffer';
  if (v instanceof Uint8Array || v instanceof Uint8ClampedArray) return '[]uint8';
  for (const [ctor, name] of TYPED_ARRAY_GO_NAMES) if (v instanceof ctor) return name;
  if (v instanceof Date) return 'time.Time';
  if (v instanceof Map) return '[][2]interface {}';
  return 'map[string]interface {}';
}

/** k6's common.ToBytes: strings (as UTF-8), ArrayBuffers and Uint8Arrays; anything else is a GoError. */
export function toBytes(v: unknown): Uint8Array {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'symbol') return Buffer.from(v.description ?? '', 'utf8');
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (v instanceof Uint8Array || v instanceof Uint8ClampedArray) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new GoError(`invalid type ${goTypeName(v)}, expected string, []byte or ArrayBuffer`);
}

/** A fresh ArrayBuffer holding `bytes` (what k6 returns for binary results). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

/** What a Go `string` parameter receives: '' for null/undefined, else the JS string conversion. */
export function toGoString(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}
