/**
 * Holds the measured differences against the lists in known-gaps.ts and generations.ts:
 * every difference item must be listed, and every listed entry must still show.
 */
import { differenceItems, differences } from './differences.js';
import type { ScriptResult } from './harness.js';
import type { Point } from './observe.js';
import { engineKey } from './runners.js';
import { GENERATION_DIFFERENCES } from './generations.js';
import { KNOWN_GAPS, type K6Generation } from './known-gaps.js';

/** The generations the lists are kept for; another k6 on PATH is measured but not held to them. */
export const LISTED_GENERATIONS: K6Generation[] = ['2.2', '0.49'];

export interface GapProblem {
  /** "<generation>/<script>", "generations/<script>", or "lists". */
  key: string;
  message: string;
}

interface Entry {
  scripts: string[];
  point: Point;
  match?: RegExp;
}

/** Which items no entry explains, and which entries explain no item. */
function holdAgainst(items: Array<{ point: Point; item: string }>, entries: Entry[]): { unexplained: Array<{ point: Point; item: string }>; stale: Entry[] } {
  const covers = (e: Entry, i: { point: Point; item: string }): boolean => e.point === i.point && (e.match ? e.match.test(i.item) : true);
  return {
    unexplained: items.filter((i) => !entries.some((e) => covers(e, i))),
    stale: entries.filter((e) => !items.some((i) => covers(e, i))),
  };
}

function itemsOf(left: ScriptResult['observations'][string], right: ScriptResult['observations'][string], labels: [string, string]) {
  return differences(left, right).flatMap((d) => differenceItems(d.point, d.left, d.right, labels).map((item) => ({ point: d.point, item })));
}

function indent(item: string): string {
  return `  ${item.replace(/\n/g, '\n    ')}`;
}

/** `scriptNames`: every script in scripts/ (a filtered run still knows the others exist). */
export function checkKnownGaps(results: ScriptResult[], generations: string[], scriptNames: string[] = results.map((r) => r.spec.name)): { problems: string[]; byKey: GapProblem[] } {
  const byKey: GapProblem[] = [];
  const names = new Set(scriptNames);
  for (const g of generations.filter((x): x is K6Generation => (LISTED_GENERATIONS as string[]).includes(x))) {
    for (const r of results) {
      const engine = r.observations[engineKey(g)];
      const k6 = r.observations[g];
      if (!engine || !k6) continue;
      const entries = KNOWN_GAPS.filter((gap) => gap.scripts.includes(r.spec.name) && gap.k6.includes(g));
      const { unexplained, stale } = holdAgainst(itemsOf(engine, k6, ['engine', 'k6']), entries);
      for (const u of unexplained) byKey.push({ key: `${g}/${r.spec.name}`, message: `NEW difference, ${r.spec.name} ${u.point} (engine vs k6 ${g}):\n${indent(u.item)}` });
      for (const e of stale) {
        const reason = KNOWN_GAPS.find((x) => x === e)?.reason ?? '';
        byKey.push({ key: `${g}/${r.spec.name}`, message: `known gap now agrees, ${r.spec.name} ${e.point}${e.match ? ` ${e.match}` : ''} (k6 ${g}): take ${r.spec.name} out of its entry in known-gaps.ts ("${reason}")` });
      }
    }
  }
  if (generations.includes('2.2') && generations.includes('0.49')) {
    for (const r of results) {
      const a = r.observations['2.2'];
      const b = r.observations['0.49'];
      if (!a || !b) continue;
      const entries = GENERATION_DIFFERENCES.filter((x) => x.scripts.includes(r.spec.name));
      // k6 v1 replaced the end-of-test summary wholesale (sections, no marks): not a per-script
      // difference; each generation's summary is held against the engine under its --compat instead.
      const items = itemsOf(b, a, ['0.49', '2.2']).filter((i) => i.point !== 'summary');
      const { unexplained, stale } = holdAgainst(items, entries);
      for (const u of unexplained) byKey.push({ key: `generations/${r.spec.name}`, message: `NEW difference between k6 generations, ${r.spec.name} ${u.point}:\n${indent(u.item)}` });
      for (const e of stale) {
        const note = GENERATION_DIFFERENCES.find((x) => x === e)?.note ?? '';
        byKey.push({ key: `generations/${r.spec.name}`, message: `k6 generations now agree, ${r.spec.name} ${e.point}: take ${r.spec.name} out of its entry in generations.ts ("${note}")` });
      }
    }
  }
  // An entry naming a script that does not exist is a typo that would explain nothing.
  if (results.length > 0) {
    for (const s of new Set([...KNOWN_GAPS.flatMap((g) => g.scripts), ...GENERATION_DIFFERENCES.flatMap((g) => g.scripts)])) {
      if (!names.has(s)) byKey.push({ key: 'lists', message: `known-gaps.ts or generations.ts names "${s}", which is not a script in test/conformance/scripts` });
    }
  }
  return { problems: byKey.map((p) => p.message), byKey };
}

/**
 * A starting point for new entries: the unexplained items, grouped by point and item text
 * across scripts (and generations), as source for known-gaps.ts (or, for `generations`,
 * generations.ts) with the reason left to write.
 */
export function draftEntries(results: ScriptResult[], generations: string[], list: 'known-gaps' | 'generations'): string {
  const groups = new Map<string, { point: Point; item: string; scripts: Set<string>; k6: Set<string> }>();
  const add = (script: string, g: string, u: { point: Point; item: string }): void => {
    const key = `${u.point}\0${u.item}`;
    const group = groups.get(key) ?? { point: u.point, item: u.item, scripts: new Set(), k6: new Set() };
    group.scripts.add(script);
    group.k6.add(g);
    groups.set(key, group);
  };
  for (const r of results) {
    if (list === 'generations') {
      const a = r.observations['2.2'];
      const b = r.observations['0.49'];
      if (!a || !b) continue;
      const entries = GENERATION_DIFFERENCES.filter((x) => x.scripts.includes(r.spec.name));
      for (const u of holdAgainst(itemsOf(b, a, ['0.49', '2.2']), entries).unexplained) add(r.spec.name, '', u);
      continue;
    }
    for (const g of generations.filter((x): x is K6Generation => (LISTED_GENERATIONS as string[]).includes(x))) {
      const engine = r.observations[engineKey(g)];
      const k6 = r.observations[g];
      if (!engine || !k6) continue;
      const entries = KNOWN_GAPS.filter((gap) => gap.scripts.includes(r.spec.name) && gap.k6.includes(g));
      for (const u of holdAgainst(itemsOf(engine, k6, ['engine', 'k6']), entries).unexplained) add(r.spec.name, g, u);
    }
  }
  const k6 = (g: { k6: Set<string> }): string => (list === 'generations' ? '' : ` k6: ${JSON.stringify([...g.k6])},`);
  return [...groups.values()]
    .map((g) => `  { scripts: ${JSON.stringify([...g.scripts])}, point: '${g.point}',${k6(g)} match: /^${escapeRegExp(g.item.slice(0, 100))}/, ${list === 'generations' ? 'note' : 'reason'}: 'TODO' },`)
    .join('\n');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
