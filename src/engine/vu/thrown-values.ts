/**
 * The V8 call sites behind each error a VU thread sees, for k6-style stack traces
 * (script/k6-stack.ts): V8 hands them to Error.prepareStackTrace once, when a stack is
 * first read. A thrown value that is not an Error has no stack of its own; the script's
 * `throw` statements call noteThrown (script/error-sites.ts) so it gets the stack of its
 * `throw`, as in goja.
 */
import type { CallSiteLike } from '../script/k6-stack.js';
import { CONTINUED_AT } from '../modules/ws.js';

const sitesOf = new WeakMap<object, CallSiteLike[]>();
let lastThrown: { value: unknown; sites: CallSiteLike[] } | undefined;

/** k6 shows every frame; V8 keeps 10 by default. */
const STACK_FRAMES = 100;

/** Keeps the call sites of every error created on this thread; `err.stack` reads as V8 formats it. */
export function captureCallSites(): void {
  Error.stackTraceLimit = STACK_FRAMES;
  Error.prepareStackTrace = (err: unknown, sites: NodeJS.CallSite[]) => {
    if (err !== null && typeof err === 'object') sitesOf.set(err, sites);
    return v8Stack(err, sites);
  };
}

function v8Stack(err: unknown, sites: NodeJS.CallSite[]): string {
  let head: string;
  try {
    head = Error.prototype.toString.call(err);
  } catch {
    head = 'Error';
  }
  return sites.length === 0 ? head : `${head}\n${sites.map((s) => `    at ${String(s)}`).join('\n')}`;
}

/** Called by the script right before `throw value`. */
export function noteThrown(value: unknown): unknown {
  if (!isError(value)) {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, noteThrown);
    void holder.stack;
    const sites = sitesOf.get(holder);
    lastThrown = sites ? { value, sites } : undefined;
  }
  return value;
}

/**
 * The call sites of a thrown value: an error's own (and, for one a WebSocket handler threw, the
 * frames of the script's ws.connect call after them), or those of the `throw` that threw a
 * non-error last.
 */
export function thrownCallSites(value: unknown): CallSiteLike[] | undefined {
  if (isError(value)) {
    void (value as Error).stack;
    const own = sitesOf.get(value as object);
    const at = (value as { [CONTINUED_AT]?: Error })[CONTINUED_AT];
    if (own && at) {
      void at.stack;
      return [...own, ...(sitesOf.get(at) ?? [])];
    }
    return own;
  }
  return lastThrown && Object.is(lastThrown.value, value) ? lastThrown.sites : undefined;
}

function isError(value: unknown): boolean {
  return value instanceof Error || (value !== null && typeof value === 'object' && 'stack' in value && 'message' in value);
}
