/**
 * k6/html's Element (what Selection.get() and each() hand out): DOM-like methods (all
 * functions, as in k6: `el.nodeName()`, `el.textContent()`), plus per-tag accessors
 * (`a.href()`, `input.value()`, `select.options()`, …) from k6's element types.
 *
 * k6 compares elements by Go type, and only its untyped Element (div, p, span, …) passes:
 * contains(), isSameNode() and isEqualNode() answer false, and find()/closest()/has()/not()
 * reject, any typed element (li, a, ul, input, …). Kept, so scripts behave as under k6.
 */
import type { AnyNode, Element as DomElement, ParentNode } from 'domhandler';
import { ACCESSORS, TAG_TYPES, type Accessor } from './element-types.js';
import { EMPTY_URL, decodedFragment, decodedPath, formatGoUrl, parseGoUrl, resolveGoUrl, splitHostPort, type GoUrl } from './go-url.js';
import { renderChildren, textOf } from './render.js';
import { isTag, selectionOf, valueOrHtml, type HtmlDoc, type Selection, cheerioOf } from './selection.js';

const NODE = Symbol('node');
const DOC = Symbol('doc');
const TYPE = Symbol('type');

const SVG_NS = 'http://www.w3.org/2000/svg';
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
const HTML_NS = 'http://www.w3.org/1999/xhtml';

function attr(n: AnyNode, name: string): string | undefined {
  return isTag(n) ? n.attribs[name] : undefined;
}

/** An attribute node (getAttributeNode, attributes()). */
class Attribute {
  readonly #prefix: string;
  constructor(
    readonly owner_element: HtmlElement,
    readonly name: string,
    readonly value: string,
    prefix: string,
  ) {
    this.#prefix = prefix;
  }
  prefix(): string {
    return this.#prefix;
  }
  namespaceURI(): string {
    return this.#prefix === 'svg' ? SVG_NS : this.#prefix === 'math' ? MATHML_NS : HTML_NS;
  }
  localName(): string {
    return this.name;
  }
}

export class HtmlElement {
  readonly [NODE]: AnyNode;
  readonly [DOC]: HtmlDoc;

  constructor(doc: HtmlDoc, node: AnyNode) {
    this[DOC] = doc;
    this[NODE] = node;
  }

  /** The Go type k6 gives this element ("Element" for tags without their own type). */
  get [TYPE](): string {
    return 'Element';
  }

  protected selfSelection(): Selection {
    return selectionOf(this[DOC], this[DOC].$(this[NODE]));
  }
  protected wrapNode(n: AnyNode | null | undefined): HtmlElement | undefined {
    return n ? elementFor(this[DOC], n) : undefined;
  }
  protected elementsOf(sel: Selection): HtmlElement[] {
    return cheerioOf(sel)
      .toArray()
      .map((n) => elementFor(this[DOC], n));
  }
  protected attrText(name: string): string {
    return attr(this[NODE], name) ?? '';
  }
  protected attrInteger(name: string, fallback: number): number {
    const v = attr(this[NODE], name);
    return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : fallback;
  }
  protected attrGoUrl(name: string): GoUrl | undefined {
    const v = attr(this[NODE], name);
    if (v === undefined) return undefined;
    const base = parseGoUrl(this[DOC].url);
    const ref = parseGoUrl(v);
    return base && ref ? resolveGoUrl(base, ref) : undefined;
  }
  protected attrUrlText(name: string, fallback: string): string {
    if (this[DOC].url === '') return this.attrText(name);
    const u = this.attrGoUrl(name);
    return u ? formatGoUrl(u) : fallback;
  }
  /** The form the element belongs to: an enclosing form, else the one its form="id" names. */
  protected ownerFormSelection(): Selection | undefined {
    const closest = this.selfSelection().closest('form');
    if (closest.size() > 0) return closest;
    const id = this.attrText('form');
    if (id === '') return undefined;
    const found = this.selfSelection().parents().last().find(`#${id}`);
    return found.size() > 0 ? found : undefined;
  }
  protected ownerFormElement(): HtmlElement | undefined {
    const form = this.ownerFormSelection();
    return form ? (form.get(0) as HtmlElement) : undefined;
  }
  protected labelElements(): HtmlElement[] {
    const wrapper = this.selfSelection().closest('label');
    const id = this.attrText('id');
    if (id === '') return this.elementsOf(wrapper);
    const byFor = this.selfSelection().parents().last().find(`label[for="${id}"]`);
    return this.elementsOf(byFor.size() === 0 ? wrapper : wrapper.add(byFor));
  }

  getAttribute(name: unknown): unknown {
    return attr(this[NODE], String(name));
  }
  getAttributeNode(name: unknown): Attribute | undefined {
    const n = this[NODE];
    const key = String(name);
    return isTag(n) && Object.hasOwn(n.attribs, key) ? new Attribute(this, key, n.attribs[key] as string, prefixOf(n, key)) : undefined;
  }
  hasAttribute(name: unknown): boolean {
    return attr(this[NODE], String(name)) !== undefined;
  }
  hasAttributes(): boolean {
    const n = this[NODE];
    return isTag(n) && Object.keys(n.attribs).length > 0;
  }
  attributes(): Record<string, Attribute> {
    const n = this[NODE];
    const out: Record<string, Attribute> = {};
    if (isTag(n)) for (const [k, v] of Object.entries(n.attribs)) out[k] = new Attribute(this, k, v, prefixOf(n, k));
    return out;
  }
  toString(): string {
    return isTag(this[NODE]) ? '[object html.Node]' : `[object ${this.nodeName()}]`;
  }
  hasChildNodes(): boolean {
    return ((this[NODE] as ParentNode).children?.length ?? 0) > 0;
  }
  textContent(): string {
    return textOf(this[NODE]);
  }
  id(): string {
    return this.attrText('id');
  }
  isEqualNode(other: unknown): boolean {
    const node = nodeOfPlainElement(other);
    return node !== undefined && renderChildren(this[NODE]) === renderChildren(node);
  }
  isSameNode(other: unknown): boolean {
    return nodeOfPlainElement(other) === this[NODE];
  }
  contains(other: unknown): boolean {
    const node = nodeOfPlainElement(other);
    if (node === undefined || node === this[NODE]) return false;
    for (let p = node.parent; p; p = p.parent) if (p === this[NODE]) return true;
    return false;
  }
  getElementsByClassName(name: unknown): HtmlElement[] {
    return this.elementsOf(this.selfSelection().find(`.${String(name)}`));
  }
  getElementsByTagName(name: unknown): HtmlElement[] {
    return this.elementsOf(this.selfSelection().find(String(name)));
  }
  querySelector(selector: unknown): HtmlElement | undefined {
    return this.elementsOf(this.selfSelection().find(selector))[0];
  }
  querySelectorAll(selector: unknown): HtmlElement[] {
    return this.elementsOf(this.selfSelection().find(selector));
  }
  matches(selector: unknown): boolean {
    return this.selfSelection().is(selector);
  }
  nodeName(): string {
    const n = this[NODE];
    if (isTag(n)) return n.name;
    switch (n.type) {
      case 'text':
        return '#text';
      case 'comment':
        return '#comment';
      case 'root':
        return '#document';
      case 'directive':
        return String((n as unknown as Record<string, unknown>)['x-name'] ?? 'html');
      default:
        return '';
    }
  }
  nodeType(): number | undefined {
    const n = this[NODE];
    if (isTag(n)) return 1;
    return { text: 3, comment: 8, root: 9, directive: 10 }[n.type as string];
  }
  nodeValue(): string | undefined {
    const n = this[NODE];
    if (n.type === 'text') return n.data;
    // goquery's Text() of a comment node: it has no text node under it.
    if (n.type === 'comment') return '';
    return undefined;
  }
  innerHTML(): string {
    return renderChildren(this[NODE]);
  }
  firstChild(): HtmlElement | undefined {
    return this.wrapNode((this[NODE] as ParentNode).children?.[0]);
  }
  lastChild(): HtmlElement | undefined {
    const c = (this[NODE] as ParentNode).children;
    return this.wrapNode(c?.[c.length - 1]);
  }
  firstElementChild(): HtmlElement | undefined {
    return this.elementsOf(this.selfSelection().children())[0];
  }
  lastElementChild(): HtmlElement | undefined {
    return this.elementsOf(this.selfSelection().children()).at(-1);
  }
  previousSibling(): HtmlElement | undefined {
    return this.wrapNode(this[NODE].prev);
  }
  nextSibling(): HtmlElement | undefined {
    return this.wrapNode(this[NODE].next);
  }
  previousElementSibling(): HtmlElement | undefined {
    return this.elementsOf(this.selfSelection().prev())[0];
  }
  nextElementSibling(): HtmlElement | undefined {
    return this.elementsOf(this.selfSelection().next())[0];
  }
  parentNode(): HtmlElement | undefined {
    return this.wrapNode(this[NODE].parent);
  }
  parentElement(): HtmlElement | undefined {
    const p = this[NODE].parent;
    return isTag(p ?? undefined) ? this.wrapNode(p) : undefined;
  }
  childNodes(): HtmlElement[] {
    return this.elementsOf(this.selfSelection().contents());
  }
  children(): HtmlElement[] {
    return this.elementsOf(this.selfSelection().children());
  }
  childElementCount(): number {
    return this.selfSelection().children().size();
  }
  classList(): string[] {
    const c = attr(this[NODE], 'class');
    return c === undefined ? [] : c.split(/\s+/).filter(Boolean);
  }
  className(): string | undefined {
    return attr(this[NODE], 'class');
  }
  lang(): string | undefined {
    return attr(this[NODE], 'lang');
  }
  ownerDocument(): HtmlElement | undefined {
    let n: AnyNode | null = this[NODE];
    while (n && n.type !== 'root') n = n.parent;
    return this.wrapNode(n);
  }
  namespaceURI(): string {
    const ns = isTag(this[NODE]) ? (this[NODE] as DomElement).namespace : undefined;
    return ns === SVG_NS || ns === MATHML_NS ? ns : HTML_NS;
  }
  isDefaultNamespace(): boolean {
    const ns = isTag(this[NODE]) ? (this[NODE] as DomElement).namespace : undefined;
    return ns === undefined || ns === HTML_NS;
  }
}

function prefixOf(n: DomElement, key: string): string {
  const prefixes = (n as unknown as Record<string, Record<string, string> | undefined>)['x-attribsPrefix'];
  return prefixes?.[key] ?? '';
}

/** The node of an untyped element (k6 accepts only those where it expects an Element). */
export function nodeOfPlainElement(v: unknown): AnyNode | undefined {
  return v instanceof HtmlElement && v[TYPE] === 'Element' ? v[NODE] : undefined;
}

export function nodeOf(v: HtmlElement): AnyNode {
  return v[NODE];
}

export function elementTypeName(v: HtmlElement): string {
  return v[TYPE];
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ftp: '21' };

type Computed = Record<string, (this: HtmlElement & Record<string, (...a: unknown[]) => unknown>) => unknown>;

// The accessors that are more than one attribute read (k6's hand-written elements.go).
const COMPUTED: Record<string, Computed> = {
  HrefElement: {
    hash() {
      const f = decodedFragment(hrefUrl(this));
      return f ? `#${f}` : '';
    },
    host() {
      const u = hrefUrl(this);
      if (!u.host) return '';
      const hp = splitHostPort(u.host);
      return hp && DEFAULT_PORTS[u.scheme] === hp.port ? hp.host : u.host;
    },
    hostname() {
      const host = hrefUrl(this).host;
      return host ? (splitHostPort(host)?.host ?? host) : '';
    },
    port() {
      const host = hrefUrl(this).host;
      return host ? (splitHostPort(host)?.port ?? '') : '';
    },
    username() {
      return hrefUrl(this).user?.username ?? '';
    },
    password() {
      return hrefUrl(this).user?.password ?? '';
    },
    origin() {
      const u = hrefUrl(this);
      if (!u.scheme) return '';
      if (u.scheme === 'file') return this['href']?.();
      return `${u.scheme}://${u.host}`;
    },
    pathname() {
      return decodedPath(hrefUrl(this));
    },
    protocol() {
      return hrefUrl(this).scheme || ':';
    },
    relList() {
      return splitAttr(this, 'rel');
    },
    search() {
      const q = hrefUrl(this).rawQuery;
      return q ? `?${q}` : '';
    },
    text() {
      return this.textContent();
    },
  },
  FormFieldElement: {
    form() {
      return call(this, 'ownerFormElement');
    },
    formAction() {
      const [action, exists] = formOrElemAttr(this, 'action');
      const url = this[DOC].url;
      if (url === '') return action;
      if (!exists || action === '') return url;
      const base = parseGoUrl(url);
      const ref = parseGoUrl(action);
      return base && ref ? formatGoUrl(resolveGoUrl(base, ref)) : action;
    },
    formEnctype() {
      const [enctype] = formOrElemAttr(this, 'enctype');
      return enctype === 'multipart/form-data' || enctype === 'text/plain' ? enctype : 'application/x-www-form-urlencoded';
    },
    formMethod() {
      return formOrElemAttr(this, 'method')[0].toLowerCase() === 'post' ? 'post' : 'get';
    },
    formNoValidate() {
      return formOrElemAttr(this, 'novalidate')[1];
    },
    formTarget() {
      return formOrElemAttr(this, 'target')[0];
    },
    labels() {
      return call(this, 'labelElements');
    },
    name() {
      return call(this, 'attrText', 'name');
    },
  },
  ButtonElement: {
    value() {
      return valueOrHtml(this[NODE]);
    },
  },
  CanvasElement: {
    width() {
      return call(this, 'attrInteger', 'width', 150);
    },
    height() {
      return call(this, 'attrInteger', 'height', 150);
    },
  },
  DataListElement: {
    options() {
      return listOf(this, sel(this).find('option'));
    },
  },
  FieldSetElement: {
    form() {
      return call(this, 'ownerFormElement');
    },
    type: () => 'fieldset',
    elements() {
      return listOf(this, sel(this).find('input,select,button,textarea'));
    },
    validity: () => undefined,
  },
  FormElement: {
    elements() {
      return listOf(this, sel(this).find('input,select,button,textarea,fieldset'));
    },
    length() {
      return sel(this).find('input,select,button,textarea,fieldset').size();
    },
    method() {
      return call(this, 'attrText', 'method') === 'post' ? 'post' : 'get';
    },
  },
  InputElement: {
    list() {
      const id = call(this, 'attrText', 'list') as string;
      if (id === '' || ['hidden', 'checkbox', 'radio', 'file', 'button'].includes(call(this, 'attrText', 'type') as string)) return undefined;
      return listOf(this, sel(this).parents().last().find(`datalist[id="${id}"]`))[0];
    },
  },
  KeygenElement: {
    form() {
      return call(this, 'ownerFormElement');
    },
    labels() {
      return call(this, 'labelElements');
    },
  },
  LabelElement: {
    control() {
      const id = attr(this[NODE], 'for');
      if (id === undefined) return undefined;
      return listOf(this, sel(this).parents().last().find(`#${id}`))[0];
    },
    form() {
      return call(this, 'ownerFormElement');
    },
  },
  LegendElement: {
    form() {
      return call(this, 'ownerFormElement');
    },
  },
  LinkElement: {
    relList() {
      return splitAttr(this, 'rel');
    },
  },
  MapElement: {
    areas() {
      return listOf(this, sel(this).find('area'));
    },
    images() {
      // k6 looks the id up twice (its name fallback reads "id" again).
      const name = attr(this[NODE], 'id');
      if (name === undefined) return [];
      return listOf(this, sel(this).parents().last().find(`img[usemap="#${name}"],object[usemap="#${name}"]`));
    },
  },
  MeterElement: {
    labels() {
      return call(this, 'labelElements');
    },
  },
  ObjectElement: {
    form() {
      return call(this, 'ownerFormElement');
    },
  },
  OptionElement: {
    disabled() {
      if (attr(this[NODE], 'disabled') !== undefined) return true;
      const group = sel(this).parents('optgroup');
      return group.size() > 0 && group.attr('disabled') !== undefined;
    },
    form() {
      const form = sel(this).parents('form');
      if (form.size() > 0) return listOf(this, form.first())[0];
      const select = sel(this).parents('select');
      const id = select.attr('form');
      if (id === undefined) return undefined;
      return listOf(this, select.parents().last().find(`form#${String(id)}`).first())[0];
    },
    index() {
      const holder = sel(this).parents('select,datalist');
      if (holder.size() === 0) return 0;
      return holder.find('option').index(sel(this));
    },
    label() {
      return attr(this[NODE], 'label') ?? this.textContent();
    },
    text() {
      return this.textContent();
    },
    value() {
      return valueOrHtml(this[NODE]);
    },
  },
  OutputElement: {
    form() {
      return call(this, 'ownerFormElement');
    },
    labels() {
      return call(this, 'labelElements');
    },
    value() {
      return this.textContent();
    },
    defaultValue() {
      return this.textContent();
    },
  },
  ProgressElement: {
    max() {
      return progressMax(this);
    },
    value() {
      return progress(this, 0);
    },
    position() {
      return progress(this, -1);
    },
    labels() {
      return call(this, 'labelElements');
    },
  },
  ScriptElement: {
    text() {
      return this.textContent();
    },
  },
  SelectElement: {
    form() {
      return call(this, 'ownerFormElement');
    },
    labels() {
      return call(this, 'labelElements');
    },
    length() {
      return sel(this).find('option').size();
    },
    options() {
      return listOf(this, sel(this).find('option'));
    },
    selectedIndex() {
      const selected = sel(this).find('option[selected]');
      return selected.size() === 0 ? -1 : sel(this).find('option').index(selected);
    },
    selectedOptions() {
      return listOf(this, sel(this).find('option[selected]'));
    },
    size() {
      return attr(this[NODE], 'multiple') !== undefined ? 4 : 1;
    },
    type() {
      return attr(this[NODE], 'multiple') !== undefined ? 'select-multiple' : 'select';
    },
    value() {
      const selected = cheerioOf(sel(this).find('option[selected]')).toArray()[0];
      return selected ? valueOrHtml(selected) : '';
    },
  },
  StyleElement: {
    type() {
      return call(this, 'attrText', 'type') || 'text/css';
    },
  },
  TableElement: {
    caption() {
      return listOf(this, sel(this).children('caption'))[0];
    },
    tHead() {
      return listOf(this, sel(this).children('thead'))[0];
    },
    tFoot() {
      return listOf(this, sel(this).children('tfoot'))[0];
    },
    rows() {
      return listOf(this, sel(this).find('tr'));
    },
    tBodies() {
      return listOf(this, sel(this).find('tbody'));
    },
  },
  TableSectionElement: {
    rows() {
      return listOf(this, sel(this).find('tr'));
    },
  },
  TableCellElement: {
    cellIndex() {
      const row = sel(this).parents('tr');
      return row.size() === 0 ? -1 : row.find('th,td').index(sel(this));
    },
  },
  TableRowElement: {
    cells() {
      return listOf(this, sel(this).find('th,td'));
    },
    rowIndex() {
      const table = sel(this).parents('table');
      return table.size() === 0 ? -1 : table.find('tr').index(sel(this));
    },
    sectionRowIndex() {
      const section = sel(this).parents('thead,tbody,tfoot');
      return section.size() === 0 ? -1 : section.find('tr').index(sel(this));
    },
  },
  TextAreaElement: {
    form() {
      return call(this, 'ownerFormElement');
    },
    length() {
      return Buffer.byteLength(call(this, 'attrText', 'value') as string, 'utf8');
    },
    labels() {
      return call(this, 'labelElements');
    },
  },
  TableColElement: {
    span() {
      const span = call(this, 'attrInteger', 'span', 1) as number;
      return span < 1 ? 1 : span;
    },
  },
  MediaElement: {
    textTracks() {
      return listOf(this, sel(this).find('track'));
    },
  },
  TitleElement: {
    text() {
      return this.textContent();
    },
  },
};

/** Calls one of HtmlElement's protected helpers from the accessor tables. */
function call(el: HtmlElement, name: string, ...args: unknown[]): unknown {
  return (el as unknown as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args);
}
function sel(el: HtmlElement): Selection {
  return call(el, 'selfSelection') as Selection;
}
function listOf(el: HtmlElement, s: Selection): HtmlElement[] {
  return call(el, 'elementsOf', s) as HtmlElement[];
}
function hrefUrl(el: HtmlElement): GoUrl {
  return (call(el, 'attrGoUrl', 'href') as GoUrl | undefined) ?? EMPTY_URL;
}
function splitAttr(el: HtmlElement, name: string): string[] {
  const v = call(el, 'attrText', name) as string;
  return v === '' ? [] : v.split(' ');
}
function formOrElemAttr(el: HtmlElement, name: string): [string, boolean] {
  const own = attr(el[NODE], `form${name}`);
  if (own !== undefined) return [own, true];
  const form = call(el, 'ownerFormSelection') as Selection | undefined;
  const v = form?.attr(name);
  return typeof v === 'string' ? [v, true] : ['', false];
}
function progressMax(el: HtmlElement): number {
  const v = attr(el[NODE], 'max');
  const max = v === undefined ? NaN : Number(v);
  return v === undefined || Number.isNaN(max) || max < 0 ? 1 : max;
}
function progress(el: HtmlElement, fallback: number): number {
  const v = attr(el[NODE], 'value');
  const value = v === undefined ? NaN : Number(v);
  return v === undefined || Number.isNaN(value) || value < 0 ? fallback : value / progressMax(el);
}

function accessor(spec: Accessor): (this: HtmlElement) => unknown {
  switch (spec[0]) {
    case 's':
      return function () {
        return call(this, 'attrText', spec[1]);
      };
    case 'url': {
      const [, name, current] = spec;
      return function () {
        return call(this, 'attrUrlText', name, current ? this[DOC].url : '');
      };
    }
    case 'b':
      return function () {
        return attr(this[NODE], spec[1]) !== undefined;
      };
    case 'i':
      return function () {
        return call(this, 'attrInteger', spec[1], spec[2]);
      };
    case 'c':
      return () => spec[1];
    case 'e': {
      const [, name, options] = spec;
      return function () {
        const v = call(this, 'attrText', name) as string;
        return options.includes(v) ? v : options[0];
      };
    }
    case 'n': {
      const [, name, options] = spec;
      return function () {
        const v = attr(this[NODE], name);
        return v !== undefined && options.includes(v) ? v : undefined;
      };
    }
  }
}

type ElementClass = new (doc: HtmlDoc, node: AnyNode) => HtmlElement;
const classes = new Map<string, ElementClass>();

/** The element class of a k6 type: its own accessors over those of the type it embeds. */
function classFor(typeName: string, embedded: string | undefined): ElementClass {
  let cls = classes.get(typeName);
  if (cls) return cls;
  const made = class extends HtmlElement {
    override get [TYPE](): string {
      return typeName;
    }
  };
  for (const t of [embedded, typeName]) {
    if (!t) continue;
    for (const [name, spec] of Object.entries(ACCESSORS[t] ?? {})) Object.defineProperty(made.prototype, name, { value: accessor(spec), writable: true, configurable: true });
    for (const [name, fn] of Object.entries(COMPUTED[t] ?? {})) Object.defineProperty(made.prototype, name, { value: fn, writable: true, configurable: true });
  }
  cls = made;
  classes.set(typeName, cls);
  return cls;
}

export function elementFor(doc: HtmlDoc, node: AnyNode): HtmlElement {
  const type = isTag(node) ? TAG_TYPES[node.name] : undefined;
  if (!type) return new HtmlElement(doc, node);
  const Cls = classFor(type[0], type[1]);
  return new Cls(doc, node);
}
