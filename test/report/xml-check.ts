/**
 * A tiny, strict XML well-formedness checker for the JUnit tests (no dependency):
 * balanced tags, quoted attributes, only the five named entities or numeric
 * references, no raw `<` or `&` in text or attribute values. Returns the element tree.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  const stripped = raw.replace(ENTITY, '');
  if (stripped.includes('&')) throw new Error(`bad entity in ${where}: ${raw.slice(0, 80)}`);
  if (stripped.includes('<')) throw new Error(`raw < in ${where}: ${raw.slice(0, 80)}`);
  return raw.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) =>
    named ? (NAMED[named] as string) : String.fromCodePoint(dec ? Number(dec) : parseInt(hex as string, 16)),
  );
}

const TAG = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"]*")*)\s*(\/?)>/y;
const ATTR = /([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g;

export function parseXml(xml: string): XmlElement {
  let pos = 0;
  const decl = /^<\?xml[^?]*\?>\s*/.exec(xml);
  if (decl) pos = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const text = xml.slice(pos, lt === -1 ? xml.length : lt);
    const decoded = decode(text, 'text');
    if (stack.length === 0 && decoded.trim() !== '') throw new Error(`text outside the root element: ${text.slice(0, 40)}`);
    if (stack.length) (stack[stack.length - 1] as XmlElement).text += decoded;
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 80)}`);
    const [whole, closing, name, attrText, selfClosing] = m as unknown as [string, string, string, string, string];
    pos = lt + whole.length;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(ATTR)) {
      if ((a[1] as string) in attrs) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
      attrs[a[1] as string] = decode(a[2] as string, `attribute ${a[1]} of <${name}>`);
    }
    const element: XmlElement = { name, attrs, children: [], text: '' };
    if (stack.length) (stack[stack.length - 1] as XmlElement).children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** All descendants named `name`, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) out.push(child);
    out.push(...findAll(child, name));
  }
  return out;
}
