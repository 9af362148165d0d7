/**
 * Keeps a source map true after text is inserted into the code it describes: the
 * inserted text never contains a newline, so only the generated columns after each
 * insertion on its line move.
 */
import { decode, encode } from '@jridgewell/sourcemap-codec';
import type { SourceMapJson } from './compiled-script.js';
import { lineOf, lineStartOffsets } from './line-index.js';

export interface Insertion {
  /** Offset in the original code (UTF-16 units, as source map columns are). */
  offset: number;
  text: string;
  /** Tie-break between insertions at the same offset (ascending). */
  order: number;
}

export function shiftSourceMap(map: SourceMapJson, code: string, insertions: readonly Insertion[]): SourceMapJson {
  // Per line: [column, inserted length] in ascending column order.
  const perLine = new Map<number, Array<[number, number]>>();
  const lineStarts = lineStartOffsets(code);
  for (const ins of insertions) {
    const line = lineOf(lineStarts, ins.offset);
    const column = ins.offset - (lineStarts[line] as number);
    let list = perLine.get(line);
    if (!list) perLine.set(line, (list = []));
    list.push([column, ins.text.length]);
  }
  const lines = decode(map.mappings);
  for (const [line, list] of perLine) {
    const segments = lines[line];
    if (!segments) continue;
    list.sort((a, b) => a[0] - b[0]);
    for (const seg of segments) {
      let shift = 0;
      // A segment at an insertion's column names the code that now follows the inserted text.
      for (const [column, length] of list) if (column <= seg[0]) shift += length;
      seg[0] += shift;
    }
  }
  return { ...map, mappings: encode(lines) };
}
