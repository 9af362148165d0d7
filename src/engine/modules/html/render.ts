/**
 * HTML serialization as Go's golang.org/x/net/html Render writes it, which is what k6's
 * Selection.html() returns: every attribute double-quoted, `&'<>"` and CR escaped as
 * &amp; &#39; &lt; &gt; &#34; &#13; (non-ASCII left as is), void elements self-closed
 * (`<br/>`), raw-text elements (script, style, …) verbatim. A serializer that writes
 * `&quot;` or `<br>` instead would change what scripts compare and extract.
 */
import type { AnyNode, Element, ParentNode } from 'domhandler';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const LITERAL_TEXT = new Set(['iframe', 'noembed', 'noframes', 'noscript', 'plaintext', 'script', 'style', 'xmp']);
const HTML_NS = 'http://www.w3.org/1999/xhtml';

const ESCAPES: Record<string, string> = { '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\r': '&#13;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&'<>"\r]/g, (c) => ESCAPES[c] as string);
}

/** Go escapes '&' in comments, and a '>' that could close the comment early. */
function escapeComment(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '&') out += '&amp;';
    else if (c === '>' && (i === 0 || s[i - 1] === '!' || s[i - 1] === '-')) out += '&gt;';
    else out += c;
  }
  return out;
}

function quoted(s: string): string {
  return s.includes('"') ? `'${s}'` : `"${s}"`;
}

function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function inHtmlNamespace(el: Element): boolean {
  return el.namespace === undefined || el.namespace === HTML_NS;
}

function renderDoctype(n: AnyNode & { data: string }): string {
  const x = n as unknown as Record<string, unknown>;
  const name = typeof x['x-name'] === 'string' ? x['x-name'] : 'html';
  const pub = typeof x['x-publicId'] === 'string' ? x['x-publicId'] : '';
  const sys = typeof x['x-systemId'] === 'string' ? x['x-systemId'] : '';
  let out = `<!DOCTYPE ${name}`;
  if (pub) out += ` PUBLIC ${quoted(pub)}${sys ? ` ${quoted(sys)}` : ''}`;
  else if (sys) out += ` SYSTEM ${quoted(sys)}`;
  return `${out}>`;
}

export function renderNode(n: AnyNode): string {
  switch (n.type) {
    case 'text':
      return escapeHtml(n.data);
    case 'comment':
      return `<!--${escapeComment(n.data)}-->`;
    case 'directive':
      return renderDoctype(n);
    case 'cdata':
    case 'root':
      return renderChildren(n);
    default:
      return isElement(n) ? renderElement(n) : '';
  }
}

function renderElement(el: Element): string {
  let out = `<${el.name}`;
  // parse5 keeps a namespaced attribute's prefix (xlink:href) apart from its name, as Go does.
  const prefixes = (el as unknown as Record<string, Record<string, string> | undefined>)['x-attribsPrefix'];
  for (const [key, value] of Object.entries(el.attribs)) {
    const prefix = prefixes?.[key];
    out += ` ${prefix ? `${prefix}:` : ''}${key}="${escapeHtml(value)}"`;
  }
  const html = inHtmlNamespace(el);
  if (html && VOID.has(el.name)) return `${out}/>`;
  out += '>';
  const first = el.children[0];
  // Go writes back the leading newline the parser drops after <pre>, <listing> and <textarea>.
  if (first?.type === 'text' && first.data.startsWith('\n') && (el.name === 'pre' || el.name === 'listing' || el.name === 'textarea')) out += '\n';
  if (html && LITERAL_TEXT.has(el.name)) {
    for (const c of el.children) out += c.type === 'text' ? c.data : renderNode(c);
  } else {
    out += renderChildren(el);
  }
  return `${out}</${el.name}>`;
}

/** The inner HTML of a node (goquery's Selection.Html of one node). */
export function renderChildren(n: ParentNode | AnyNode): string {
  const children = (n as ParentNode).children;
  if (!children) return '';
  let out = '';
  for (const c of children) out += renderNode(c);
  return out;
}

/** All text node data under `n`, in document order (goquery's Selection.Text). */
export function textOf(n: AnyNode): string {
  if (n.type === 'text') return n.data;
  const children = (n as ParentNode).children;
  if (!children) return '';
  let out = '';
  for (const c of children) out += textOf(c);
  return out;
}
