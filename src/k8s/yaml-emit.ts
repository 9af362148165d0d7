/**
 * A small YAML emitter for Kubernetes manifests: maps, lists, strings, numbers,
 * booleans. Scalars that YAML could misread (`yes`, `1.0`, `: `, leading spaces…) are
 * written as JSON double-quoted strings, which are valid YAML; multi-line text (the
 * k6 script) as a literal block with an explicit indentation indicator and chomping,
 * so the bytes come back exactly.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_./=@$()-]*$/;
const AMBIGUOUS = /^(?:y|yes|n|no|true|false|on|off|null|~)$/i;
/** Characters a literal block cannot carry (controls other than tab and newline, BOM). */
const NOT_BLOCK_SAFE = /[\u0000-\u0008\u000B-\u001F\u007F\uFEFF\u2028\u2029]/;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to YAML`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  return PLAIN.test(value) && !AMBIGUOUS.test(value) ? value : JSON.stringify(value);
}

function block(text: string, indent: string): string {
  const trailing = /\n*$/.exec(text)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing > 0 ? text.slice(0, text.length - 1) : text;
  // An explicit indentation indicator, so a first line that starts with spaces is not misread.
  return `|2${chomp}\n${body.split('\n').map((line) => (line === '' ? '' : `${indent}  ${line}`)).join('\n')}`;
}

function emit(value: YamlValue, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => `\n${indent}-${emitNested(item, `${indent}  `, true)}`).join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter((e): e is [string, YamlValue] => e[1] !== undefined);
    if (entries.length === 0) return ' {}';
    return entries.map(([k, v]) => `\n${indent}${scalar(k)}:${emitNested(v, `${indent}  `, false)}`).join('');
  }
  if (typeof value === 'string' && value.includes('\n') && !NOT_BLOCK_SAFE.test(value)) return ` ${block(value, indent.slice(2))}`;
  return ` ${scalar(value)}`;
}

/** After `key:` or `-`: a nested map/list starts on the next line (a list item's map on the same line). */
function emitNested(value: YamlValue, indent: string, listItem: boolean): string {
  const text = emit(value, indent);
  if (listItem && value !== null && typeof value === 'object' && !Array.isArray(value) && text.startsWith('\n')) {
    return ` ${text.slice(indent.length + 1)}`;
  }
  return text;
}

/** One YAML document (no `---`), ending with a newline. */
export function toYaml(value: { [key: string]: YamlValue | undefined }): string {
  return `${emit(value, '').replace(/^\n/, '')}\n`;
}
