/**
 * Decides whether a compiled script may block a VU (sync http calls, sleep, a WebSocket session).
 * Blocking scripts need one thread per VU; non-blocking (async) scripts can share
 * a thread between many VUs. A false "blocking" only costs threads; a missed one
 * makes the VUs of a thread wait for each other, so the scan errs towards blocking.
 */
const BLOCKING_MEMBERS = 'sleep|get|post|put|patch|del|head|request|batch|options|connect';

export function scriptMayBlock(code: string): boolean {
  // esbuild's CJS output binds imports as `var import_x = __toESM(require("k6/http"))`.
  const aliases = [...code.matchAll(/(?:var|let|const)\s+([\w$]+)\s*=\s*(?:__toESM\()?require\("k6(?:\/http|\/ws)?"\)/g)].map((m) => m[1] as string);
  if (/require\("k6(?:\/http|\/ws)?"\)(?!\s*\)?\s*;?\s*$)/m.test(code) && aliases.length === 0) return true;
  for (const alias of aliases) {
    const member = new RegExp(`\\b${alias.replace(/\$/g, '\\$')}(?:\\.default)?\\.(?:${BLOCKING_MEMBERS})\\b(?!\\s*=)`);
    if (member.test(code)) return true;
    // The module object escaping (passed around, destructured) defeats the scan.
    const escapes = new RegExp(`\\b${alias.replace(/\$/g, '\\$')}(?:\\.default)?\\b(?!\\s*\\.)`, 'g');
    const uses = [...code.matchAll(escapes)].length;
    if (uses > 1) return true;
  }
  return false;
}
