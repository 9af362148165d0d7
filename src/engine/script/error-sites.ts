/**
 * What the engine needs to report script exceptions as k6 does, found in the compiled
 * script once, before the VUs run it:
 *
 * - A thrown value that is not an Error carries no stack in V8, where goja gives it the
 *   stack of its `throw`. Every `throw X` becomes `throw __loadgateThrown(X)`, which
 *   notes the stack of a non-Error before it is thrown (vu/thrown-values.ts).
 * - Which exported functions the script declared `async`: k6 reports their exceptions
 *   as `Uncaught (in promise) …`, a sync function's plainly. Recorded before asyncify.ts
 *   may make sync functions async.
 * - The name a bundler gave an anonymous `export default function` (`test_default`), which
 *   goja calls `default` when k6 runs the source itself (a .ts file on current k6).
 */
import { parse } from 'acorn';
import type { CompiledScript, ErrorSites } from './compiled-script.js';
import { shiftSourceMap, type Insertion } from './source-map-shift.js';
import { THROWN_HELPER } from './thrown-helper.js';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/**
 * Marks the throw sites and reads the exports of `script` (esbuild's CommonJS output).
 * `entryText` is the script as given; a default export whose name no source declares (the
 * sources the map goes back to, else the script) was named by a bundler. A script that does not parse here is
 * returned unchanged (k6 reports its errors without the extras).
 */
export function prepareErrorSites(script: CompiledScript, entryText: string | undefined): CompiledScript {
  // The sources the map goes back to are what the author wrote (a bundle given to the engine is not among them).
  const contents = script.sourceMap?.sourcesContent;
  const written = contents ? contents.map((t) => t ?? '') : [entryText ?? ''];
  let ast: Node;
  try {
    ast = parse(script.code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowHashBang: true }) as unknown as Node;
  } catch {
    return script;
  }
  if (script.code.includes(THROWN_HELPER)) return { ...script, errorSites: exportFacts(ast, written) };
  const insertions: Insertion[] = [];
  walk(ast, (node) => {
    if (node.type !== 'ThrowStatement') return;
    const arg = node.argument as Node;
    insertions.push({ offset: arg.start, text: `${THROWN_HELPER}(`, order: 0 }, { offset: arg.end, text: ')', order: 1 });
  });
  const errorSites = exportFacts(ast, written);
  if (insertions.length === 0) return { ...script, errorSites };
  return { ...script, code: insert(script.code, insertions), sourceMap: script.sourceMap && shiftSourceMap(script.sourceMap, script.code, insertions), errorSites };
}

function insert(code: string, insertions: readonly Insertion[]): string {
  const sorted = [...insertions].sort((a, b) => a.offset - b.offset || a.order - b.order);
  let out = '';
  let at = 0;
  for (const ins of sorted) {
    out += code.slice(at, ins.offset) + ins.text;
    at = ins.offset;
  }
  return out + code.slice(at);
}

function exportFacts(ast: Node, written: readonly string[]): ErrorSites {
  const body = ast.body as Node[];
  const isAsync = new Map<string, boolean>();
  for (const stmt of body) {
    if (stmt.type === 'FunctionDeclaration' && stmt.id) isAsync.set((stmt.id as Node).name as string, stmt.async === true);
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations as Node[]) {
        const init = d.init as Node | null;
        if ((d.id as Node).type === 'Identifier' && init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')) {
          isAsync.set((d.id as Node).name as string, init.async === true);
        }
      }
    }
  }
  const facts: ErrorSites = { asyncExports: [], syncExports: [] };
  for (const [exported, local] of exportedBindings(body)) {
    const a = isAsync.get(local);
    if (a === true) facts.asyncExports.push(exported);
    else if (a === false) facts.syncExports.push(exported);
    if (exported === 'default' && /_default\d*$/.test(local) && !written.some((t) => declares(t, local))) facts.generatedDefaultName = local;
  }
  return facts;
}

/** esbuild's `__export(x_exports, { name: () => local, … })` → [name, local]. */
function exportedBindings(body: Node[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const stmt of body) {
    const call = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
    if (call?.type !== 'CallExpression' || (call.callee as Node).type !== 'Identifier' || (call.callee as Node).name !== '__export') continue;
    const obj = (call.arguments as Node[])[1];
    if (obj?.type !== 'ObjectExpression') continue;
    for (const p of obj.properties as Node[]) {
      const key = p.key as Node | undefined;
      const value = p.value as Node | undefined;
      const name = key?.type === 'Identifier' ? (key.name as string) : key?.type === 'Literal' ? String(key.value) : undefined;
      const body = value?.type === 'ArrowFunctionExpression' ? (value.body as Node) : undefined;
      if (name !== undefined && body?.type === 'Identifier') out.push([name, body.name as string]);
    }
  }
  return out;
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === 'object' && typeof (c as Node).type === 'string') walk(c as Node, visit);
    } else if (v && typeof v === 'object' && typeof (v as Node).type === 'string') walk(v as Node, visit);
  }
}

/** Whether `text` has the identifier `name` declared as a function or variable, i.e. the author named it so. */
function declares(text: string, name: string): boolean {
  const id = name.replace(/\$/g, '\\$');
  return new RegExp(`(function\\s*\\*?\\s*|(const|let|var)\\s+)${id}(?![\\w$])`).test(text);
}
