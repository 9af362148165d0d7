/**
 * JSON text that depends only on content: object keys sorted (by UTF-16 code units, as RFC 8785
 * orders them), no whitespace, numbers and strings as JSON.stringify writes them. Two parses of
 * the same data with keys in any order give the same text, so it can identify content (a hash of
 * it), e.g. to tell a retried sync batch from a different one.
 *
 * Written without recursion (an explicit stack) so depth alone can never overflow it. A few lines
 * of our own rather than a package: `canonicalize` 5 needs Node 22 and, like
 * `json-stable-stringify`, recurses.
 * For values from JSON.parse: no toJSON, no cycles; `undefined` is dropped from objects and
 * written as null in arrays, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // A string is literal text to emit; a box is a value still to write. Pushed in reverse.
  const todo: Array<string | { value: unknown }> = [{ value }];
  while (todo.length > 0) {
    const item = todo.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const v = item.value;
    if (Array.isArray(v)) {
      todo.push(']');
      for (let i = v.length - 1; i >= 0; i--) {
        todo.push(v[i] === undefined ? 'null' : { value: v[i] });
        if (i > 0) todo.push(',');
      }
      todo.push('[');
    } else if (v !== null && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      todo.push('}');
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        todo.push({ value: record[key] });
        todo.push(`${JSON.stringify(key)}:`);
        if (i > 0) todo.push(',');
      }
      todo.push('{');
    } else {
      out.push(v === undefined ? 'null' : JSON.stringify(v));
    }
  }
  return out.join('');
}
