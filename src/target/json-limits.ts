/**
 * What the target accepts of a parsed JSON body beyond the grammar, checked once right after
 * parsing. `JSON.parse` copes with any depth, but `JSON.stringify`, Ajv and every other recursive
 * walk of a value overflow the stack a few thousand levels down: bounding the depth here makes
 * every later walk safe. And a number past ±1.8e308 parses to Infinity, which JSON.stringify
 * writes as null: refused, rather than stored as something the client never sent.
 */

/** Levels of objects and arrays a request body may nest, the body itself being level 1. */
export const maxJsonDepth = 64;

/** The first thing in a body outside the limits. */
export type JsonLimitProblem =
  /**
   * `topField`: the top-level key holding it (`body` when the body is an array); `at`: the path
   * down to the first container past the limit (long paths end in `…`).
   */
  | { kind: 'too-deep'; topField: string; at: string }
  /** `field`: the path of the number, e.g. `records[0].cost_cents`. */
  | { kind: 'non-finite'; field: string };

interface Frame {
  container: Record<string, unknown> | unknown[];
  /** The object's keys, or undefined for an array. */
  keys: string[] | undefined;
  /** The index (into `keys` or the array) of the next child to visit. */
  next: number;
}

/**
 * Walks the value depth first without recursion, holding one frame per level (so at most
 * `maxDepth`), and reports the first container nested deeper than `maxDepth` levels or the first
 * number that is not finite.
 */
export function findJsonLimitProblem(root: unknown, maxDepth = maxJsonDepth): JsonLimitProblem | undefined {
  if (typeof root === 'number' && !Number.isFinite(root)) return { kind: 'non-finite', field: 'body' };
  if (!isContainer(root)) return undefined;
  const frames: Frame[] = [frameOf(root)];
  while (frames.length > 0) {
    const top = frames[frames.length - 1]!;
    const size = top.keys === undefined ? (top.container as unknown[]).length : top.keys.length;
    if (top.next >= size) {
      frames.pop();
      continue;
    }
    const index = top.next++;
    const child = top.keys === undefined ? (top.container as unknown[])[index] : (top.container as Record<string, unknown>)[top.keys[index]!];
    if (typeof child === 'number') {
      if (!Number.isFinite(child)) return { kind: 'non-finite', field: fieldPath(frames.map(currentSegment)) };
    } else if (isContainer(child)) {
      if (frames.length >= maxDepth) {
        const segments = frames.slice(0, shownSegments).map(currentSegment);
        const topField = typeof segments[0] === 'number' ? 'body' : fieldPath(segments.slice(0, 1));
        return { kind: 'too-deep', topField, at: fieldPath(segments) + (frames.length > shownSegments ? '…' : '') };
      }
      frames.push(frameOf(child));
    }
  }
  return undefined;
}

/** Segments of a too-deep path shown in a message. */
const shownSegments = 6;
/** Keys longer than this are cut in paths, so a hostile key cannot bloat an answer. */
const shownKeyLength = 64;
const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A readable path: `records[3].cost_cents`; keys that are not identifiers in brackets,
 * `payload["a b"]`, so a key `0` or `a.b` cannot be mistaken for an index or two keys. The body
 * itself is `body`.
 */
export function fieldPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (identifier.test(segment) && segment.length <= shownKeyLength) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment.length > shownKeyLength ? `${segment.slice(0, shownKeyLength)}…` : segment)}]`;
  }
  if (out === '') return 'body';
  return out.startsWith('[') ? `body${out}` : out;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === 'object';
}

function frameOf(container: Record<string, unknown> | unknown[]): Frame {
  return { container, keys: Array.isArray(container) ? undefined : Object.keys(container), next: 0 };
}

/** The key or index of the child a frame is visiting. */
function currentSegment(frame: Frame): string | number {
  return frame.keys === undefined ? frame.next - 1 : frame.keys[frame.next - 1]!;
}
