/**
 * k6/html's Selection (k6's js/modules/k6/html/html.go over goquery), on cheerio. The
 * traversal is cheerio's, which mirrors jQuery as goquery does; what k6 adds or does its
 * own way is here: callbacks get (index, Selection or Element) with `this` the callback
 * itself, map() drops elements whose callback throws, val() and data() follow k6's rules,
 * html() is Go's serialization, and argument errors are k6's GoErrors.
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element as DomElement } from 'domhandler';
import { GoError } from '../go-error.js';
import { goTypeName } from '../go-values.js';
import { convertDataValue, attrToProperty, propertyToAttr } from './data-attributes.js';
import { renderChildren, textOf } from './render.js';
import { HtmlElement, elementFor, elementTypeName, nodeOf, nodeOfPlainElement } from './element.js';
import { IterationInterrupted } from '../k6.js';
import { TestAbort } from '../execution.js';
import { serializeFormArray, serializeFormObject, serializeFormQuery, type FormValue } from './form.js';

/** The parsed document a Selection belongs to, and the URL it was fetched from ('' for parseHTML). */
export interface HtmlDoc {
  $: CheerioAPI;
  url: string;
}

const SEL = Symbol('cheerio');
const DOC = Symbol('doc');

/**
 * jQuery's positional pseudo-classes (cheerio-select supports them; goquery's cascadia does
 * not, so in k6 a selector using one matches nothing).
 */
const JQUERY_ONLY = /:(?:first|last|eq|nth|gt|lt|even|odd)(?![\w-])/i;

export function isTag(n: AnyNode | undefined): n is DomElement {
  return n !== undefined && (n.type === 'tag' || n.type === 'script' || n.type === 'style');
}

/** Runs a cheerio call with a CSS selector; a selector k6 could not compile matches nothing (`fallback`). */
function withSelector<T>(selector: string, run: (s: string) => T, fallback: () => T): T {
  if (JQUERY_ONLY.test(selector)) return fallback();
  try {
    return run(selector);
  } catch {
    return fallback();
  }
}

type Target = { selector: string } | { nodes: Cheerio<AnyNode> | AnyNode };

function invalidSelector(arg: unknown): GoError {
  const type = arg instanceof HtmlElement ? `html.${elementTypeName(arg)}` : goTypeName(arg);
  return new GoError(`invalid argument, cannot use a '${type}' as a selector`);
}

export class Selection {
  /** The URL the document came from (Response.html()), '' for parseHTML(). */
  readonly url: string;
  readonly [SEL]: Cheerio<AnyNode>;
  readonly [DOC]: HtmlDoc;

  constructor(doc: HtmlDoc, sel: Cheerio<AnyNode>) {
    this[DOC] = doc;
    this[SEL] = sel;
    this.url = doc.url;
  }

  private make(sel: Cheerio<AnyNode>): Selection {
    return new Selection(this[DOC], sel);
  }

  private nodes(): AnyNode[] {
    return this[SEL].toArray();
  }

  /** k6's selector argument: a string, a Selection, or (for untyped elements only, as in k6) an Element. */
  private target(arg: unknown, anyElement = false): Target {
    if (typeof arg === 'string') return { selector: arg };
    if (arg instanceof Selection) return { nodes: arg[SEL] };
    if (arg instanceof HtmlElement) {
      const node = anyElement ? nodeOf(arg) : nodeOfPlainElement(arg);
      if (node) return { nodes: node };
    }
    throw invalidSelector(arg);
  }

  /** find/closest/has/not/add: a selector string (unusable ones match nothing) or nodes. */
  private byTarget(arg: unknown, run: (t: string | Cheerio<AnyNode> | AnyNode) => Cheerio<AnyNode>, noMatch: () => Cheerio<AnyNode>, anyElement = false): Selection {
    const t = this.target(arg, anyElement);
    if ('nodes' in t) return this.make(run(t.nodes));
    return this.make(withSelector(t.selector, run, noMatch));
  }

  private empty(): Cheerio<AnyNode> {
    return this[SEL]._make([]);
  }

  /** Calls a k6 callback as k6 does: `this` is the callback, then (index, value). */
  private callback(name: string, fn: unknown): (i: number, value: unknown) => unknown {
    if (typeof fn !== 'function') {
      const what = name === 'map' || name === 'each' ? 'a function' : 'a function, a selector or a selection';
      throw new GoError(`the argument to ${name}() must be ${what}`);
    }
    return (i, value) => (fn as (i: number, v: unknown) => unknown).call(fn, i, value);
  }

  private one(node: AnyNode): Selection {
    return this.make(this[SEL]._make([node]));
  }

  find(arg: unknown): Selection {
    return this.byTarget(arg, (t) => this[SEL].find(t as string), () => this.empty());
  }

  /** v2: the first descendant matching the selector. */
  single(selector: unknown): Selection {
    const found = this.find(selector)[SEL];
    return this.make(found.length > 1 ? found.first() : found);
  }

  add(arg: unknown): Selection {
    return this.byTarget(arg, (t) => this[SEL].add(t as string), () => this[SEL], true);
  }

  closest(arg: unknown): Selection {
    return this.byTarget(arg, (t) => this[SEL].closest(t as string), () => this.empty());
  }

  has(arg: unknown): Selection {
    return this.byTarget(arg, (t) => this[SEL].has(t as string), () => this.empty());
  }

  not(arg: unknown): Selection {
    if (typeof arg === 'function') {
      const call = this.callback('not', arg);
      return this.make(this[SEL]._make(this.nodes().filter((n, i) => !call(i, this.one(n)))));
    }
    return this.byTarget(arg, (t) => this[SEL].not(t as string), () => this[SEL]);
  }

  filter(arg: unknown): Selection {
    if (typeof arg === 'string') return this.make(withSelector(arg, (s) => this[SEL].filter(s), () => this.empty()));
    if (arg instanceof Selection) return this.make(this[SEL].filter(arg[SEL]));
    const call = this.callback('filter', arg);
    return this.make(this[SEL]._make(this.nodes().filter((n, i) => call(i, this.one(n)))));
  }

  is(arg: unknown): boolean {
    if (typeof arg === 'string') return withSelector(arg, (s) => this[SEL].is(s), () => false);
    if (arg instanceof Selection) return this[SEL].is(arg[SEL]);
    const call = this.callback('is', arg);
    return this.nodes().some((n, i) => Boolean(call(i, this.one(n))));
  }

  each(fn: unknown): Selection {
    const call = this.callback('each', fn);
    this.nodes().forEach((n, i) => {
      try {
        call(i, elementFor(this[DOC], n));
      } catch (err) {
        // Interrupts and test.abort() pass through; the script's own errors are wrapped, as k6 does.
        if (err instanceof IterationInterrupted || err instanceof TestAbort) throw err;
        throw new GoError(`the function passed to each() failed: ${String(err)}`);
      }
    });
    return this;
  }

  map(fn: unknown): unknown[] {
    const call = this.callback('map', fn);
    const out: unknown[] = [];
    this.nodes().forEach((n, i) => {
      try {
        out.push(call(i, this.one(n)));
      } catch (err) {
        if (err instanceof IterationInterrupted || err instanceof TestAbort) throw err;
        // k6 leaves out the elements whose callback throws.
      }
    });
    return out;
  }

  private adjacent(filter: unknown, run: (f?: string) => Cheerio<AnyNode>): Selection {
    if (filter === undefined) return this.make(run());
    return this.make(withSelector(String(filter), run, () => this.empty()));
  }

  children(filter?: unknown): Selection {
    return this.adjacent(filter, (f) => this[SEL].children(f));
  }
  next(filter?: unknown): Selection {
    return this.adjacent(filter, (f) => this[SEL].next(f));
  }
  nextAll(filter?: unknown): Selection {
    return this.adjacent(filter, (f) => this[SEL].nextAll(f));
  }
  prev(filter?: unknown): Selection {
    return this.adjacent(filter, (f) => this[SEL].prev(f));
  }
  prevAll(filter?: unknown): Selection {
    return this.adjacent(filter, (f) => this[SEL].prevAll(f));
  }
  parent(filter?: unknown): Selection {
    return this.adjacent(filter, (f) => this[SEL].parent(f));
  }
  parents(filter?: unknown): Selection {
    return this.adjacent(filter, (f) => this[SEL].parents(f));
  }
  siblings(filter?: unknown): Selection {
    return this.adjacent(filter, (f) => this[SEL].siblings(f));
  }

  /** nextUntil/prevUntil/parentsUntil(until?: string | Selection | null, filter?: string). */
  private until(args: unknown[], run: (until?: string | Cheerio<DomElement>, filter?: string) => Cheerio<AnyNode>): Selection {
    const [until, filter] = args;
    const f = args.length >= 2 && filter !== undefined && filter !== null ? String(filter) : undefined;
    let stop: string | Cheerio<DomElement> | undefined;
    if (until === undefined || until === null || until === '') stop = undefined;
    else if (typeof until === 'string') stop = JQUERY_ONLY.test(until) ? undefined : until;
    else if (until instanceof Selection) stop = until[SEL] as Cheerio<DomElement>;
    else throw invalidSelector(until);
    try {
      return this.make(run(stop, f));
    } catch {
      return this.make(f === undefined ? run() : this.empty());
    }
  }

  nextUntil(...args: unknown[]): Selection {
    return this.until(args, (u, f) => this[SEL].nextUntil(u, f));
  }
  prevUntil(...args: unknown[]): Selection {
    return this.until(args, (u, f) => this[SEL].prevUntil(u, f));
  }
  parentsUntil(...args: unknown[]): Selection {
    return this.until(args, (u, f) => this[SEL].parentsUntil(u, f));
  }

  size(): number {
    return this[SEL].length;
  }

  end(): Selection {
    return this.make(this[SEL].end());
  }

  eq(index: unknown): Selection {
    return this.make(this[SEL].eq(Math.trunc(Number(index)) || 0));
  }

  first(): Selection {
    return this.make(this[SEL].first());
  }

  last(): Selection {
    return this.make(this[SEL].last());
  }

  slice(start: unknown, end?: unknown): Selection {
    const nodes = this.nodes();
    return this.make(this[SEL]._make(nodes.slice(Math.trunc(Number(start)) || 0, end === undefined ? nodes.length : Math.trunc(Number(end)) || 0)));
  }

  contents(): Selection {
    return this.make(this[SEL].contents());
  }

  text(): string {
    let out = '';
    for (const n of this.nodes()) out += textOf(n);
    return out;
  }

  html(): string {
    const n = this.nodes()[0];
    return n ? renderChildren(n) : '';
  }

  attr(name: unknown, fallback?: unknown): unknown {
    const n = this.nodes()[0];
    const key = String(name);
    if (isTag(n) && Object.hasOwn(n.attribs, key)) return n.attribs[key];
    return arguments.length > 1 ? fallback : undefined;
  }

  val(): unknown {
    const n = this.nodes()[0];
    if (!isTag(n)) return undefined;
    switch (n.name) {
      case 'input': {
        const value = n.attribs['value'];
        if (value !== undefined) return value;
        const type = n.attribs['type'];
        return type === 'radio' || type === 'checkbox' ? 'on' : '';
      }
      case 'button':
        return n.attribs['value'] ?? '';
      case 'textarea':
        return renderChildren(n);
      case 'option':
        return valueOrHtml(n);
      case 'select': {
        const selected = this.make(this[SEL].first()).find('option[selected]').nodes();
        if (n.attribs['multiple'] !== undefined) return selected.map((o) => valueOrHtml(o));
        return selected[0] ? valueOrHtml(selected[0]) : '';
      }
      default:
        return undefined;
    }
  }

  get(index?: unknown): unknown {
    const nodes = this.nodes();
    if (index === undefined) return nodes.map((n) => elementFor(this[DOC], n));
    const i = Math.trunc(Number(index)) || 0;
    if (i < nodes.length && i > -nodes.length) return elementFor(this[DOC], nodes[i < 0 ? nodes.length + i : i] as AnyNode);
    return undefined;
  }

  toArray(): Selection[] {
    return this.nodes().map((n) => this.one(n));
  }

  index(arg?: unknown): number {
    const nodes = this.nodes();
    const first = nodes[0];
    if (arguments.length === 0) {
      if (!first) return -1;
      return (first.parent?.children ?? []).filter(isTag).indexOf(first as DomElement);
    }
    if (arg instanceof Selection) {
      const needle = arg.nodes()[0];
      return needle ? nodes.indexOf(needle) : -1;
    }
    if (typeof arg === 'string') {
      if (!first) return -1;
      const all: AnyNode[] = withSelector(arg, (s) => this[DOC].$.root().find(s).toArray(), () => []);
      return all.indexOf(first);
    }
    // k6 compares elements by their Go type, which its per-tag types never match.
    return -1;
  }

  data(key?: unknown): unknown {
    const n = this.nodes()[0];
    if (!isTag(n) || Object.keys(n.attribs).length === 0) return undefined;
    if (key !== undefined) {
      const value = n.attribs[`data-${propertyToAttr(String(key))}`];
      return value === undefined ? undefined : convertDataValue(value);
    }
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(n.attribs)) {
      if (name.startsWith('data-') && name.length > 5) out[attrToProperty(name.slice(5))] = convertDataValue(value);
    }
    return out;
  }

  serializeArray(): FormValue[] {
    return serializeFormArray(this.formFields());
  }

  serializeObject(): Record<string, unknown> {
    return serializeFormObject(this.formFields());
  }

  serialize(): string {
    return serializeFormQuery(this.formFields());
  }

  /** The submittable fields with their values: a form's descendants, else the selection itself. */
  private formFields(): FormValue[] {
    const submittable = 'input,select,textarea,keygen';
    const fields = this[SEL].is('form') ? this[SEL].find(submittable) : this[SEL].filter(submittable);
    const out: FormValue[] = [];
    for (const node of fields.toArray()) {
      if (!isTag(node)) continue;
      const a = node.attribs;
      const name = a['name'] ?? '';
      const type = a['type'] ?? '';
      const checkable = type === 'checkbox' || type === 'radio';
      // k6's own rules, attribute values compared exactly: disabled="" is still submitted, and a
      // checkbox counts as checked only with checked="checked".
      if (name === '' || a['disabled'] === 'disabled' || ['submit', 'button', 'reset', 'image', 'file'].includes(type)) continue;
      if (checkable && a['checked'] !== 'checked') continue;
      out.push({ name, value: this.one(node).val() });
    }
    return out;
  }
}

/** An option's value attribute, else its inner HTML (k6's valueOrHTML). */
export function valueOrHtml(n: AnyNode): string {
  if (isTag(n) && n.attribs['value'] !== undefined) return n.attribs['value'];
  return renderChildren(n);
}

export function selectionOf(doc: HtmlDoc, sel: Cheerio<AnyNode>): Selection {
  return new Selection(doc, sel);
}

export function cheerioOf(sel: Selection): Cheerio<AnyNode> {
  return sel[SEL];
}

export function docOf(sel: Selection): HtmlDoc {
  return sel[DOC];
}
