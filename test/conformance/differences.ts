/**
 * Where two observations of one script differ (the engine and k6, or two k6 generations),
 * point by point and item by item.
 */
import { POINTS, type Observation, type Point } from './observe.js';

export interface Difference {
  point: Point;
  left: string;
  right: string;
}

/** The points on which two observations differ (engine vs k6, or one k6 generation vs the other). */
export function differences(left: Observation, right: Observation): Difference[] {
  return POINTS.filter((p) => left[p] !== right[p]).map((point) => ({ point, left: left[point], right: right[point] }));
}

/** How a point's value splits into items (null: compared as one value). */
function itemSeparator(point: Point): string | null {
  if (point === 'log' || point === 'stdout' || point === 'summary' || point === 'checks') return '\n';
  if (point === 'thresholds') return '; ';
  if (point === 'metrics' || point === 'counts') return ' ';
  return null;
}

/**
 * A difference as items: for lists, one `<label> only: <item>` per item only one side has
 * (in order); for single values, one `<right label>: <v> <left label>: <v>` line. The known
 * gaps match these items, so a new difference inside an already differing point still shows.
 */
export function differenceItems(point: Point, left: string, right: string, labels: [string, string] = ['engine', 'k6']): string[] {
  const sep = itemSeparator(point);
  if (sep !== null) {
    // As multisets: a line k6 prints three times and the engine once is a difference.
    const l = left.split(sep).filter(Boolean);
    const r = right.split(sep).filter(Boolean);
    const items = [...minus(r, l).map((x) => `${labels[1]} only: ${x}`), ...minus(l, r).map((x) => `${labels[0]} only: ${x}`)];
    if (items.length) return items;
  }
  return [`${labels[1]}: ${JSON.stringify(right)} ${labels[0]}: ${JSON.stringify(left)}`];
}

/** The items of `a` left after taking out one of each item of `b`. */
function minus(a: string[], b: string[]): string[] {
  const rest = [...b];
  return a.filter((x) => {
    const at = rest.indexOf(x);
    if (at < 0) return true;
    rest.splice(at, 1);
    return false;
  });
}

/** A difference told for a reader, an item per line. */
export function describeDifference(point: Point, left: string, right: string, labels: [string, string] = ['engine', 'k6']): string {
  return differenceItems(point, left, right, labels)
    .map((i) => `  ${i.replace(/\n/g, '\n      ')}`)
    .join('\n');
}

