/**
 * The conformance table: scripts × points, for each k6 generation whether the engine
 * agrees ('=') or differs ('x'), and which points the two k6 generations disagree on.
 */
import { describeDifference, differences } from './differences.js';
import type { ScriptResult } from './harness.js';
import { POINTS, type Point } from './observe.js';
import { engineKey } from './runners.js';

const SHORT: Record<Point, string> = { exit: 'exit', metrics: 'metr', checks: 'chk', counts: 'cnt', thresholds: 'thr', log: 'log', logfmt: 'fmt', stdout: 'out', summary: 'sum' };

/** One cell: a character per generation, '=' agree, 'x' differ, '-' that k6 did not run. */
function cell(r: ScriptResult, point: Point, generations: string[]): string {
  return generations
    .map((g) => {
      const engine = r.observations[engineKey(g)];
      const k6 = r.observations[g];
      if (!engine || !k6) return '-';
      return engine[point] === k6[point] ? '=' : 'x';
    })
    .join('');
}

export function renderTable(results: ScriptResult[], generations: string[]): string {
  const nameWidth = Math.max(6, ...results.map((r) => r.spec.name.length));
  const width = Math.max(4, generations.length + 1);
  const head = `${'script'.padEnd(nameWidth)}  ${POINTS.map((p) => SHORT[p].padEnd(width)).join(' ')}  k6 generations differ on`;
  const rows = results.map((r) => {
    const a = generations[0] ? r.observations[generations[0]] : undefined;
    const b = generations[1] ? r.observations[generations[1]] : undefined;
    // The summary's format differs between generations by design (known-gaps-check.ts).
    const genDiff = a && b ? differences(a, b).filter((d) => d.point !== 'summary').map((d) => d.point).join(',') : '';
    return `${r.spec.name.padEnd(nameWidth)}  ${POINTS.map((p) => cell(r, p, generations).padEnd(width)).join(' ')}  ${genDiff}`;
  });
  const totals = generations.map((g) => {
    let agree = 0;
    let all = 0;
    let scriptsAgreeing = 0;
    for (const r of results) {
      const e = r.observations[engineKey(g)];
      const k = r.observations[g];
      if (!e || !k) continue;
      const d = differences(e, k).length;
      agree += POINTS.length - d;
      all += POINTS.length;
      if (d === 0) scriptsAgreeing++;
    }
    return `engine vs k6 ${g}: ${agree}/${all} points agree; ${scriptsAgreeing}/${results.length} scripts agree on every point`;
  });
  const legend = `cells: one character per k6 generation (${generations.join(', ')}): '=' the engine (run with that generation's --compat) agrees, 'x' it differs, '-' not run`;
  return [legend, head, ...rows, '', ...totals].join('\n');
}

/** Every difference, told briefly, for the given k6 generation (or between generations: a vs b). */
export function renderDetails(results: ScriptResult[], a: string, b: string): string {
  const out: string[] = [];
  for (const r of results) {
    const x = r.observations[a];
    const y = r.observations[b];
    if (!x || !y) continue;
    for (const d of differences(x, y)) out.push(`${r.spec.name} ${d.point} (${a} vs ${b}):\n${describeDifference(d.point, d.left, d.right, [a, b])}`);
  }
  return out.join('\n');
}
