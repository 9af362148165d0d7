// about: which globals a script sees: the language's, k6's (v2 adds TextEncoder, crypto, BigInt, the timers), and none of Node's (process, Buffer, fetch, URL, setImmediate…)
// conformance: {"counts":["iterations"]}
export const options = { iterations: 1 };
export default function () {
  const seen = [
    `process=${typeof process}`,
    `Buffer=${typeof Buffer}`,
    `fetch=${typeof fetch}`,
    `URL=${typeof URL}`,
    `URLSearchParams=${typeof URLSearchParams}`,
    `setImmediate=${typeof setImmediate}`,
    `queueMicrotask=${typeof queueMicrotask}`,
    `structuredClone=${typeof structuredClone}`,
    `atob=${typeof atob}`,
    `btoa=${typeof btoa}`,
    `performance=${typeof performance}`,
    `AbortController=${typeof AbortController}`,
    `Intl=${typeof Intl}`,
    `WebAssembly=${typeof WebAssembly}`,
    `SharedArrayBuffer=${typeof SharedArrayBuffer}`,
    `Atomics=${typeof Atomics}`,
    `WeakRef=${typeof WeakRef}`,
    `Blob=${typeof Blob}`,
    `Headers=${typeof Headers}`,
    `navigator=${typeof navigator}`,
    `TextEncoder=${typeof TextEncoder}`,
    `TextDecoder=${typeof TextDecoder}`,
    `crypto=${typeof crypto}`,
    `BigInt=${typeof BigInt}`,
    `global=${typeof global}`,
    `globalThis=${typeof globalThis}`,
    `escape=${typeof escape}`,
    `Proxy=${typeof Proxy}`,
    `Reflect=${typeof Reflect}`,
    `Symbol=${typeof Symbol}`,
    `Promise=${typeof Promise}`,
    `JSON=${typeof JSON}`,
    `open=${typeof open}`,
    `GoError=${typeof GoError}`,
    `console=${typeof console}`,
  ];
  console.log(seen.join(' '));
}
