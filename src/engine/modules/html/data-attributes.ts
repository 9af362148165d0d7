/**
 * Selection.data() as k6 does it: data-* attribute names to camelCase properties (with
 * Go's common initialisms upper-cased, as the snaker package k6 uses does: data-user-id is
 * `userID`), and values converted like jQuery (true/false, numbers whose text survives
 * the round trip, JSON objects and arrays; "null", "undefined" and "" give undefined).
 */
const INITIALISMS = new Set(
  'ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IP JSON LHS QPS RAM RHS RPC SLA SMTP SQL SSH TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS'.split(' '),
);

/** `some-long-name` (after "data-") → `someLongName`; a name without '-' is kept as is. */
export function attrToProperty(s: string): string {
  const idx = s.indexOf('-');
  if (idx === -1) return s;
  let out = s.slice(0, idx);
  for (const word of s.slice(idx + 1).split('-')) {
    const upper = word.toUpperCase();
    if (INITIALISMS.has(upper)) out += upper;
    else if (word) out += (word[0] as string).toUpperCase() + word.slice(1);
  }
  return out;
}

/** `someLongName` → `some-long-name` (a run of capitals is one word: userID → user-id). */
export function propertyToAttr(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** Go's strconv.FormatFloat(f, 'f', -1, 64): the shortest round-trip digits, never in exponent form. */
function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (Object.is(f, -0)) return '-0';
  const s = String(f);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const digits = `${lead}${frac}`;
  const exp = Number(expText);
  if (exp >= 0) return `${sign}${digits.padEnd(exp + 1, '0')}`;
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

const GO_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;

function parseGoFloat(val: string): number | undefined {
  if (!GO_FLOAT.test(val)) return undefined;
  const lower = val.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(val);
}

export function convertDataValue(val: string): unknown {
  if (val.length === 0) return undefined;
  if (val[0] === '{' || val[0] === '[') {
    try {
      return JSON.parse(val) as unknown;
    } catch {
      return val;
    }
  }
  switch (val) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
    case 'undefined':
      return undefined;
  }
  const f = parseGoFloat(val);
  return f !== undefined && formatFloatF(f) === val ? f : val;
}
