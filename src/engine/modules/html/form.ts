/** Selection.serialize/serializeArray/serializeObject's outputs from the submittable fields k6 picks. */
export interface FormValue {
  name: string;
  value: unknown;
}

export function serializeFormArray(fields: FormValue[]): FormValue[] {
  return fields.map((f) => ({ name: f.name, value: f.value }));
}

/** name → value; a later field of the same name wins. */
export function serializeFormObject(fields: FormValue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f.name] = f.value;
  return out;
}

/** Go's url.QueryEscape: everything but A-Z a-z 0-9 - _ . ~ percent-encoded, spaces as '+'. */
export function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * As k6 builds it with Go's url.Values: a string value replaces earlier ones of its name
 * (Set), a multi-select's list replaces them too; keys sorted, as Values.Encode does.
 */
export function serializeFormQuery(fields: FormValue[]): string {
  const values = new Map<string, string[]>();
  for (const f of fields) {
    if (typeof f.value === 'string') values.set(f.name, [f.value]);
    else if (Array.isArray(f.value)) values.set(f.name, f.value.map(String));
  }
  const parts: string[] = [];
  for (const name of [...values.keys()].sort()) {
    for (const v of values.get(name) as string[]) parts.push(`${queryEscape(name)}=${queryEscape(v)}`);
  }
  return parts.join('&');
}
