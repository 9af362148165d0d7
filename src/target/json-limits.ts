/**
 * The nesting limit of request bodies. `JSON.parse` copes with any depth, but `JSON.stringify`,
 * Ajv and every other recursive walk of a value overflow the stack a few thousand levels down;
 * bounding the depth once, right after parsing, makes every later walk safe.
 */

/** Levels of objects and arrays a request body may nest, the body itself being level 1. */
export const maxJsonDepth = 64;

/** Where a value nests too deep: the top-level field that holds it and the path down to the limit. */
export interface TooDeep {
  /** The top-level key, or `body` when the body itself is an array. */
  field: string;
  /** A readable path to the first container past the limit, shortened: `records[0].payload.a[0]…`. */
  path: string;
}

interface Frame {
  container: Record<string, unknown> | unknown[];
  /** The object's keys, or undefined for an array. */
  keys: string[] | undefined;
  /** The index (into `keys` or the array) of the next child to visit. */
  next: number;
}

/**
 * Finds the first object or array nested deeper than `maxDepth` levels, depth first, without
 * recursion: the walk keeps one frame per level, so it never holds more than `maxDepth` frames.
 */
export function findTooDeep(root: unknown, maxDepth = maxJsonDepth): TooDeep | undefined {
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
    if (!isContainer(child)) continue;
    if (frames.length >= maxDepth) return describe(frames);
    frames.push(frameOf(child));
  }
  return undefined;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === 'object';
}

function frameOf(container: Record<string, unknown> | unknown[]): Frame {
  return { container, keys: Array.isArray(container) ? undefined : Object.keys(container), next: 0 };
}

/** Path segments shown in a message; keys are cut too, so a hostile key cannot bloat the answer. */
const shownSegments = 6;
const shownKeyLength = 32;

function describe(frames: Frame[]): TooDeep {
  const segment = (frame: Frame): string | number => (frame.keys === undefined ? frame.next - 1 : frame.keys[frame.next - 1]!);
  const first = segment(frames[0]!);
  let path = typeof first === 'number' ? 'body' : '';
  for (const frame of frames.slice(0, shownSegments)) {
    const s = segment(frame);
    if (typeof s === 'number') path += `[${s}]`;
    else path += (path === '' ? '' : '.') + (s.length > shownKeyLength ? `${s.slice(0, shownKeyLength)}…` : s);
  }
  if (frames.length > shownSegments) path += '…';
  const field = typeof first === 'number' ? 'body' : first.length > shownKeyLength ? `${first.slice(0, shownKeyLength)}…` : first;
  return { field, path };
}
