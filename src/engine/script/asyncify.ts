/**
 * Runs sync k6 scripts on async VUs: rewrites the compiled script so every blocking
 * call (`http.get`, `http.batch`, `sleep`…) is awaited, and every function that
 * (transitively) makes one is async. The VUs then share a few event-loop threads
 * like async scripts do, instead of one blocked thread per VU whose every request
 * crosses threads four times (see controller/vu-worker.ts).
 *
 * The rewrite only inserts `async `, `(await ` and `)`, and only where it can prove
 * the script behaves the same: each function it makes async must be bound to a name
 * that is only ever called directly, handed to `group()` (which awaits it), to
 * `forEach` or `map` (whose list is then wrapped so they await each callback), or
 * exported (the engine awaits exported functions). Class and object methods are
 * matched by name (see awaitMethod). A blocking call or an async-made
 * function used any other way (kept in a variable, passed to `filter`, a getter, a
 * generator, called in the init context…) leaves the script unchanged, and it runs
 * with one blocking thread per VU as before. `reason` says why. So do implicit globals
 * and uses of `globalThis`: each k6 VU has a global object of its own, while the VUs of
 * a shared thread would share one.
 */
import { parse } from 'acorn';
import { analyze, type Variable } from 'eslint-scope';
import type { CompiledScript } from './compiled-script.js';
import { shiftSourceMap, type Insertion } from './source-map-shift.js';
import { EACH_HELPER } from './awaited-each.js';

/** A syntax-tree node; acorn produces ESTree, walked generically here. */
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export type AsyncifyResult =
  /** Nothing blocks: the script runs as it is on shared threads. */
  | { kind: 'non-blocking' }
  | { kind: 'asyncified'; script: CompiledScript; awaitedCalls: number; asyncFunctions: number }
  | { kind: 'unchanged'; reason: string };

/** Members that block the calling VU, per module. */
const BLOCKING: Record<string, ReadonlySet<string>> = {
  k6: new Set(['sleep']),
  'k6/http': new Set(['get', 'post', 'put', 'patch', 'del', 'head', 'options', 'request', 'batch']),
  // A WebSocket session blocks the VU until the socket closes.
  'k6/ws': new Set(['connect']),
};

/**
 * Methods of k6/http's Response that send a request (submitForm, clickLink). Which object a
 * call `x.submitForm()` reaches is unknown, so in a script that imports k6/http every call of
 * a method of these names is awaited, as for a script's own method made async (awaitMethod).
 */
const BLOCKING_RESPONSE_METHODS = ['submitForm', 'clickLink'];

/**
 * forEach and map with a callback that became async: the VU passes `__loadgateEach` to the
 * script (script/awaited-each.ts), which runs the callbacks one after the other, awaiting each.
 */
const EACH_METHODS = new Set(['forEach', 'map']);

/** Methods the language calls by itself (await, for…of, string conversion, JSON): never made async. */
const IMPLICITLY_CALLED = new Set(['then', 'next', 'return', 'throw', 'toString', 'valueOf', 'toJSON', 'toLocaleString']);

/** Names of the global object, which the VUs of a shared thread would share. */
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'self', 'window']);

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

class CannotAsyncify extends Error {}

export function asyncifyScript(script: CompiledScript): AsyncifyResult {
  let ast: Node;
  try {
    ast = parse(script.code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowHashBang: true, ranges: true }) as unknown as Node;
  } catch (err) {
    return { kind: 'unchanged', reason: `the compiled script does not parse: ${(err as Error).message}` };
  }
  try {
    return new Rewrite(script, ast).run();
  } catch (err) {
    if (err instanceof CannotAsyncify) return { kind: 'unchanged', reason: err.message };
    throw err;
  }
}

class Rewrite {
  private readonly parents = new Map<Node, Node>();
  private readonly groupCalls = new Set<Node>();
  /** Calls to wrap in `(await …)`. */
  private readonly awaitSites = new Set<Node>();
  /** Every `a.b` / `a[b]`, object-literal property and class method, and destructuring property (for methods made async). */
  private readonly members: Node[] = [];
  private readonly methodDefinitions: Node[] = [];
  private readonly destructured: Node[] = [];
  /** Names of methods made async: every `x.name(…)` call is awaited. */
  private readonly asyncMethods = new Set<string>();
  /** Where `async ` goes when not at the function's own start (methods: before the key). */
  private readonly asyncAt = new Map<Node, number>();
  /** `list.forEach(fn)` / `list.map(fn)` calls whose callback became async: the list gets the awaiting helper. */
  private readonly eachCalls = new Set<Node>();
  /** Functions to make async (and to check how they are used). */
  private readonly marked = new Set<Node>();
  private readonly queue: Node[] = [];
  private blockingCalls = 0;
  private declared: (node: Node) => Variable[] = () => [];

  constructor(
    private readonly script: CompiledScript,
    private readonly ast: Node,
  ) {}

  run(): AsyncifyResult {
    const requires: Node[] = [];
    const declarators: Node[] = [];
    this.walk(this.ast, undefined, (node) => {
      if (node.type === 'WithStatement') this.fail(node, 'a `with` statement');
      if (node.type === 'CallExpression' && isIdentifier(node.callee, 'eval')) this.fail(node, 'a direct eval()');
      if (node.type === 'CallExpression' && isIdentifier(node.callee, 'require')) requires.push(node);
      if (node.type === 'VariableDeclarator') declarators.push(node);
      if (node.type === 'MemberExpression') this.members.push(node);
      if (node.type === 'MethodDefinition' || (node.type === 'Property' && this.parent(node).type === 'ObjectExpression')) this.methodDefinitions.push(node);
      if (node.type === 'Property' && this.parent(node).type === 'ObjectPattern') this.destructured.push(node);
    });
    // The code runs as a function body (vm.compileFunction): `commonjs` gives top-level
    // declarations a function scope, so their references resolve.
    const scopes = analyze(this.ast, { ecmaVersion: 2022, sourceType: 'commonjs' });
    this.declared = (node) => scopes.getDeclaredVariables(node);
    // Undeclared assignments create globals: per VU on a thread of its own, but shared by
    // the VUs of a shared thread.
    const implicitGlobal = scopes.globalScope.through.find((ref) => ref.isWrite());
    if (implicitGlobal) this.fail(implicitGlobal.identifier as Node, `an assignment to the undeclared variable "${(implicitGlobal.identifier as Node).name as string}"`);
    const globalObject = scopes.globalScope.through.find((ref) => GLOBAL_OBJECTS.has((ref.identifier as Node).name as string));
    if (globalObject) this.fail(globalObject.identifier as Node, `a use of the global object (${(globalObject.identifier as Node).name as string})`);
    const moduleVars = this.k6ModuleVariables(requires, declarators);
    for (const { variable, module } of moduleVars) this.scanModuleUses(variable, module);
    if (moduleVars.some((v) => v.module === 'k6/http')) this.scanResponseMethodCalls();
    if (this.blockingCalls === 0) return { kind: 'non-blocking' };

    for (let fn = this.queue.shift(); fn; fn = this.queue.shift()) this.propagate(fn);
    this.checkSameNamedMethods();

    const insertions: Insertion[] = [];
    for (const fn of this.marked) if (fn.async !== true) insertions.push({ offset: this.asyncAt.get(fn) ?? fn.start, text: 'async ', order: 0 });
    for (const call of this.awaitSites) {
      if (this.parents.get(call)?.type === 'AwaitExpression') continue;
      // Outer calls open before and close after the inner calls at the same offset.
      const size = call.end - call.start;
      insertions.push({ offset: call.start, text: '(await ', order: -size }, { offset: call.end, text: ')', order: size });
    }
    for (const call of this.eachCalls) {
      // `(await list.forEach(fn))` → `(await __loadgateEach(list).forEach(fn))`; it wraps the
      // list (and any await of it) and sits inside the call's own await.
      const list = (call.callee as Node).object as Node;
      const size = list.end - list.start;
      insertions.push({ offset: list.start, text: `${EACH_HELPER}(`, order: -size - 0.5 }, { offset: list.end, text: ')', order: size + 0.5 });
    }
    insertions.sort((a, b) => a.offset - b.offset || a.order - b.order);
    let code = '';
    let at = 0;
    for (const ins of insertions) {
      code += this.script.code.slice(at, ins.offset) + ins.text;
      at = ins.offset;
    }
    code += this.script.code.slice(at);
    const sourceMap = this.script.sourceMap ? shiftSourceMap(this.script.sourceMap, this.script.code, insertions) : undefined;
    return {
      kind: 'asyncified',
      script: { ...this.script, code, sourceMap, blockingCallsAwaited: true },
      awaitedCalls: this.awaitSites.size,
      asyncFunctions: [...this.marked].filter((f) => f.async !== true).length,
    };
  }

  /** `var x = require("k6/http")` and esbuild's `var x = __toESM(require("k6/http"))`; any other use of a blocking module's require defeats the analysis. */
  private k6ModuleVariables(requires: Node[], declarators: Node[]): Array<{ variable: Variable; module: string }> {
    const recognized = new Set<Node>();
    const out: Array<{ variable: Variable; module: string }> = [];
    for (const d of declarators) {
      let init = d.init as Node | null;
      if (init?.type === 'CallExpression' && isIdentifier(init.callee, '__toESM')) init = (init.arguments as Node[])[0] ?? null;
      const module = requiredModule(init);
      if (!init || module === undefined || !(module in BLOCKING)) continue;
      if ((d.id as Node).type !== 'Identifier') throw new CannotAsyncify(`\`${module}\` is destructured at ${this.where(d)}`);
      recognized.add(init);
      for (const variable of this.declared(d)) out.push({ variable, module });
    }
    for (const r of requires) {
      const module = requiredModule(r);
      if (module === undefined) this.fail(r, 'require() of a computed module name');
      else if (module in BLOCKING && !recognized.has(r)) this.fail(r, `require("${module}") used in an expression`);
    }
    return out;
  }

  /** Finds the blocking calls made through a k6 module object, and `group()` calls. */
  private scanModuleUses(variable: Variable, module: string): void {
    for (const ref of variable.references) {
      if (ref.init) continue;
      if (ref.isWrite()) this.fail(ref.identifier as Node, `the \`${module}\` module binding is reassigned`);
      let node = ref.identifier as Node;
      let parent = this.parent(node);
      if (isMember(parent, node, 'default')) {
        node = parent;
        parent = this.parent(node);
      }
      if (parent.type !== 'MemberExpression' || parent.object !== node || parent.computed) {
        this.fail(node, `the \`${module}\` module object is used as a value`);
      }
      const member = (parent.property as Node).name as string;
      const call = this.callOf(parent);
      if ((BLOCKING[module] as ReadonlySet<string>).has(member)) {
        if (!call) this.fail(parent, `\`${member}\` of \`${module}\` is used other than by calling it`);
        this.blockingCalls++;
        this.awaitInEnclosingFunction(call);
      } else if (module === 'k6' && member === 'group' && call) {
        this.groupCalls.add(call);
      }
    }
  }

  /** Calls of a Response's request-sending methods (BLOCKING_RESPONSE_METHODS). */
  private scanResponseMethodCalls(): void {
    for (const name of BLOCKING_RESPONSE_METHODS) {
      const uses = this.members.filter((m) => !m.computed && memberName(m.property as Node) === name);
      if (uses.length === 0) continue;
      this.blockingCalls += uses.length;
      this.awaitMethod(name, uses[0] as Node);
    }
  }

  /** A function that became async: every use of it must await it (or be an export). */
  private propagate(fn: Node): void {
    if (fn.generator === true) this.fail(fn, 'a blocking call in a generator function');
    if (fn.async === true) return;
    const parent = this.parent(fn);
    if (parent.type === 'CallExpression' && this.groupCalls.has(parent) && (parent.arguments as Node[])[1] === fn) {
      return this.awaitInEnclosingFunction(parent);
    }
    // An immediately invoked function: `(() => { … })()`.
    if (parent.type === 'CallExpression' && parent.callee === fn) return this.awaitInEnclosingFunction(parent);
    if (this.isEachCallback(parent, fn)) return this.awaitEach(parent);
    // (A function's declared variables include its parameters: keep the one of its name.)
    const named = (node: Node, id: Node | null | undefined) => this.declared(node).filter((v) => id && v.name === id.name);
    let variables: Variable[];
    if (fn.type === 'FunctionDeclaration') variables = named(fn, fn.id as Node);
    else if (parent.type === 'VariableDeclarator' && parent.init === fn && (parent.id as Node).type === 'Identifier') {
      // A named function expression can also call itself by its own name.
      variables = [...named(parent, parent.id as Node), ...named(fn, fn.id as Node | null)];
    } else {
      const method = this.methodName(fn, parent);
      if (method !== undefined) return this.awaitMethod(method, fn);
      return this.fail(fn, 'a function that makes blocking calls is passed or stored as a value');
    }
    for (const variable of variables) {
      for (const ref of variable.references) {
        if (ref.init) continue;
        const id = ref.identifier as Node;
        if (ref.isWrite()) this.fail(id, `function "${variable.name}" is reassigned`);
        const call = this.callOf(id);
        if (call) {
          this.awaitInEnclosingFunction(call);
          continue;
        }
        const use = this.parent(id);
        if (use.type === 'CallExpression' && this.groupCalls.has(use) && (use.arguments as Node[])[1] === id) {
          this.awaitInEnclosingFunction(use);
          continue;
        }
        if (this.isEachCallback(use, id)) {
          this.awaitEach(use);
          continue;
        }
        if (!this.isExportGetter(id)) this.fail(id, `function "${variable.name}" makes blocking calls and is used as a value`);
      }
    }
  }

  /**
   * The name of a class method or object-literal method `fn` is (`#name` for private ones);
   * undefined when `fn` is not one. Constructors, getters, setters and computed names fail.
   */
  private methodName(fn: Node, parent: Node): string | undefined {
    const isClassMethod = parent.type === 'MethodDefinition' && parent.value === fn;
    const isObjectMethod = parent.type === 'Property' && parent.value === fn && this.parent(parent).type === 'ObjectExpression';
    if (!isClassMethod && !isObjectMethod) return undefined;
    if (parent.kind !== (isClassMethod ? 'method' : 'init')) this.fail(fn, `a blocking call in a ${parent.kind === 'constructor' ? 'constructor' : 'getter or setter'}`);
    if (parent.computed) this.fail(fn, 'a method with a computed name that makes blocking calls');
    if (isObjectMethod) this.checkObjectOnlyCalled(this.parent(parent));
    const key = parent.key as Node;
    // Before the key: `static async m()`, `async #m()`, `{ async m() }`; a `m: function` value gets it in front.
    if (isClassMethod || parent.method === true) this.asyncAt.set(fn, key.start);
    return memberName(key);
  }

  /**
   * An object literal whose method became async must be a named object whose methods the
   * script itself calls: `const api = { m() {…} }` used only as `api.m(…)` (or exported).
   * Handed to anything else, the callee might call the method and not await it.
   */
  private checkObjectOnlyCalled(object: Node): void {
    const declarator = this.parent(object);
    if (declarator.type !== 'VariableDeclarator' || declarator.init !== object || (declarator.id as Node).type !== 'Identifier') {
      this.fail(object, 'an object whose methods make blocking calls is passed or stored as a value');
    }
    for (const variable of this.declared(declarator)) {
      for (const ref of variable.references) {
        if (ref.init) continue;
        const id = ref.identifier as Node;
        const use = this.parent(id);
        if (ref.isWrite() || !((use.type === 'MemberExpression' && use.object === id) || this.isExportGetter(id))) {
          this.fail(id, `object "${variable.name}" has methods that make blocking calls and is used as a value`);
        }
      }
    }
  }

  /**
   * A method became async. Which object a call `x.name()` reaches is unknown, so every call of
   * a method of that name is awaited (awaiting a plain value changes nothing), and any other
   * use of the name — read as a value, destructured, called by a computed name — fails, as
   * does another method of that name that stays sync or is async already
   * (checkSameNamedMethods).
   */
  private awaitMethod(name: string, at: Node): void {
    if (IMPLICITLY_CALLED.has(name)) this.fail(at, `a method named "${name}" that makes blocking calls (the language calls it implicitly)`);
    if (this.asyncMethods.has(name)) return;
    this.asyncMethods.add(name);
    for (const prop of this.destructured) {
      if (!prop.computed && memberName(prop.key as Node) === name) this.fail(prop, `method "${name}" makes blocking calls and is destructured`);
    }
    for (const member of this.members) {
      const key = member.property as Node;
      const dynamic = member.computed === true && !(key.type === 'Literal' && typeof key.value === 'string');
      if (dynamic) {
        if (this.callOf(member)) this.fail(member, 'a method called by a computed name while a method makes blocking calls');
        continue;
      }
      if ((member.computed ? (key.value as string) : memberName(key)) !== name) continue;
      const call = this.callOf(member);
      if (!call) this.fail(member, `method "${name}" makes blocking calls and is used as a value`);
      this.awaitInEnclosingFunction(call);
    }
  }

  /**
   * Every call of an async-made method's name is awaited, so every method of that name must
   * have been made async here too: awaiting one that was async already, or that returns a
   * promise or an iterator without blocking, would change what its callers get.
   */
  private checkSameNamedMethods(): void {
    for (const def of this.methodDefinitions) {
      const value = def.value as Node;
      if (def.computed || !FUNCTION_TYPES.has(value.type)) continue;
      const name = memberName(def.key as Node);
      if (name === undefined || !this.asyncMethods.has(name)) continue;
      if (!this.marked.has(value) || value.async === true) this.fail(def, `method "${name}" makes blocking calls and another method of that name does not, or is async already`);
    }
  }

  /** `something.forEach(callback, …)` or `something.map(callback, …)`. */
  private isEachCallback(call: Node, callback: Node): boolean {
    if (call.type !== 'CallExpression' || (call.arguments as Node[])[0] !== callback) return false;
    const callee = call.callee as Node;
    return callee.type === 'MemberExpression' && !callee.computed && !callee.optional && (callee.object as Node).type !== 'Super' && EACH_METHODS.has((callee.property as Node).name as string);
  }

  private awaitEach(call: Node): void {
    if (this.script.code.includes(EACH_HELPER)) this.fail(call, `the name ${EACH_HELPER} in the script`);
    this.eachCalls.add(call);
    this.awaitInEnclosingFunction(call);
  }

  /** esbuild's `__export(ns, { name: () => fn })`: the engine awaits what exported functions return. */
  private isExportGetter(id: Node): boolean {
    const arrow = this.parent(id);
    if (arrow.type !== 'ArrowFunctionExpression' || arrow.body !== id) return false;
    const prop = this.parent(arrow);
    if (prop.type !== 'Property' || prop.value !== arrow) return false;
    const call = this.parent(this.parent(prop));
    return call.type === 'CallExpression' && isIdentifier(call.callee, '__export');
  }

  private awaitInEnclosingFunction(call: Node): void {
    if (call.optional === true || this.parent(call).type === 'ChainExpression') this.fail(call, 'an optional call (?.) of a blocking function');
    this.awaitSites.add(call);
    let child = call;
    for (let node = this.parents.get(call); node; child = node, node = this.parents.get(node)) {
      if (node.type === 'PropertyDefinition' || node.type === 'StaticBlock') this.fail(call, 'a blocking call in a class field or static block');
      if (FUNCTION_TYPES.has(node.type)) {
        if ((node.params as Node[]).includes(child)) this.fail(call, 'a blocking call in a default parameter value');
        if (!this.marked.has(node)) {
          this.marked.add(node);
          this.queue.push(node);
        }
        return;
      }
    }
    this.fail(call, 'a blocking call in the init context');
  }

  /** The call whose callee is `node` (or `(0, node)`, esbuild's form for imported functions). */
  private callOf(node: Node): Node | undefined {
    let callee = node;
    const parent = this.parent(node);
    if (parent.type === 'SequenceExpression') {
      const list = parent.expressions as Node[];
      if (list[list.length - 1] !== node) return undefined;
      callee = parent;
    }
    const call = this.parent(callee);
    return call.type === 'CallExpression' && call.callee === callee ? call : undefined;
  }

  private parent(node: Node): Node {
    return this.parents.get(node) ?? { type: 'None', start: 0, end: 0 };
  }

  private walk(node: Node, parent: Node | undefined, visit: (n: Node) => void): void {
    if (parent) this.parents.set(node, parent);
    visit(node);
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) this.walk(child, node, visit);
      } else if (isNode(value)) {
        this.walk(value, node, visit);
      }
    }
  }

  private fail(node: Node, what: string): never {
    throw new CannotAsyncify(`${what} at ${this.where(node)}`);
  }

  private where(node: Node): string {
    const before = this.script.code.slice(0, node.start);
    const line = before.split('\n').length;
    return `compiled line ${line}, column ${node.start - before.lastIndexOf('\n')}`;
  }
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';
}

function isIdentifier(node: unknown, name: string): boolean {
  return isNode(node) && node.type === 'Identifier' && node.name === name;
}

/** `name` of an Identifier key, `#name` of a private one, the text of a string key. */
function memberName(key: Node): string | undefined {
  if (key.type === 'Identifier') return key.name as string;
  if (key.type === 'PrivateIdentifier') return `#${key.name as string}`;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

function isMember(parent: Node, object: Node, property: string): boolean {
  return parent.type === 'MemberExpression' && parent.object === object && !parent.computed && isIdentifier(parent.property, property);
}

/** The module name of `require("name")`; undefined for anything else. */
function requiredModule(node: Node | null): string | undefined {
  if (!node || node.type !== 'CallExpression' || !isIdentifier(node.callee, 'require')) return undefined;
  const arg = (node.arguments as Node[])[0];
  return arg?.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}
