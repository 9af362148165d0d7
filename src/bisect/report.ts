/**
 * bisect's outputs: a results JSON (every step's numbers, written atomically) and a view model
 * rendered by two Handlebars templates, `bisect.hbs` (a self-contained HTML page with the
 * reports' own styles) and `bisect-markdown.hbs` (fits $GITHUB_STEP_SUMMARY). Compute, then
 * render: the templates receive finished strings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { writeFileAtomic } from '../core/atomic-write.js';
import { formatDelta, formatDurationMs, formatP } from '../report/format.js';
import { escapeMarkdown } from '../report/markdown.js';
import { templatePath } from '../report/templates.js';
import { trackedName } from './measure.js';
import type { BisectOutcome } from './outcome.js';
import { idealSteps, type PairEffect } from './search.js';

export type BisectFormat = 'html' | 'markdown' | 'json';
export const BISECT_FORMATS: readonly BisectFormat[] = ['html', 'markdown', 'json'];
const FILE_NAMES: Record<BisectFormat, string> = { html: 'bisect.html', markdown: 'bisect.md', json: 'bisect.json' };

/** One row of the steps table. */
interface StepRow {
  number: string;
  commit: string;
  subject: string;
  interval: string;
  verdict: string;
  tone: 'good' | 'bad' | 'warn' | 'neutral';
  left: string;
  right: string;
  p: string;
  repetitions: string;
}

export interface BisectView {
  title: string;
  word: string;
  tone: 'good' | 'bad';
  headline: string;
  generatedAt: string;
  culprits: Array<{ sha: string; subject: string; authorDate: string; author: string; effect: string; interval: string; p: string; step: string; merge: boolean; alsoPossible: string }>;
  facts: Array<{ label: string; value: string }>;
  ends: Array<{ metric: string; change: string; interval: string; p: string; verdict: string }>;
  steps: StepRow[];
  notices: string[];
}

const short = (sha: string): string => sha.slice(0, 12);
const interval = (e: PairEffect | null): string => (e && e.loPct !== null && e.hiPct !== null ? `[${formatDelta(e.loPct)}, ${formatDelta(e.hiPct)}]` : '—');

/** The finished view of an outcome: every string the templates print. */
export function buildBisectView(o: Omit<BisectOutcome, 'reports'>): BisectView {
  const { commits } = o.range;
  const last = commits.length - 1;
  const word = { found: 'found', 'ambiguous-skips': 'narrowed', 'no-regression': 'no regression', 'not-reproduced': 'not reproduced' }[o.status];
  const metric = o.ends.primary ? trackedName(o.ends.primary) : 'the tracked metrics';
  const culprits = (o.search?.culprits ?? []).map((c) => {
    const commit = commits[c.index]!;
    return {
      sha: commit.sha,
      subject: commit.subject,
      authorDate: commit.authorDate,
      author: commit.author,
      effect: formatDelta(c.effect?.worsePct ?? null),
      interval: interval(c.effect),
      p: formatP(c.effect?.p ?? null),
      step: c.fromStep === 0 ? 'ends check' : `step ${c.fromStep}`,
      merge: commit.merge,
      alsoPossible: c.alsoPossible.map((i) => `${short(commits[i]!.sha)} ${commits[i]!.subject}`).join('; '),
    };
  });
  const headline = {
    found: `first bad commit${culprits.length > 1 ? 's' : ''} for ${metric}: ${culprits.map((c) => `${short(c.sha)} ${c.subject}`).join(', ')}`,
    'ambiguous-skips': `the change is in ${culprits.map((c) => short(c.sha)).join(', ')} or in a commit next to it that could not be measured`,
    'no-regression': `${commits[last]!.ref} is not slower than ${commits[0]!.ref} by the minimum effect: nothing to search`,
    'not-reproduced': `the ends did not reproduce the regression: ${commits[last]!.ref} was not measurably worse than ${commits[0]!.ref}`,
  }[o.status];
  const steps = o.search?.steps ?? [];
  const facts = [
    { label: 'good end', value: `${commits[0]!.ref} (${short(commits[0]!.sha)})` },
    { label: 'bad end', value: `${commits[last]!.ref} (${short(commits[last]!.sha)})` },
    { label: 'commits searched', value: `${last} after the good end (first-parent chain)` },
    { label: 'steps', value: `${steps.length} (⌈log2 ${last}⌉ = ${idealSteps(last)}), ${steps.filter((s) => s.verdict === 'skip').length} skipped` },
    { label: 'repetitions', value: `${o.repetitions} (${o.settings.pairsPerRound} per side a round, at most ${o.settings.maxRounds} rounds a step)` },
    { label: 'confidence of the search', value: o.search ? `${Math.round(o.search.confidence * 100)}% (the chance no step was decided wrongly, counting each step by its p)` : '—' },
    { label: 'wall time', value: formatDurationMs(o.durationMs) },
    { label: 'test', value: `paired sign-flip permutation, one-sided, alpha ${o.settings.alpha} over up to ${o.settings.maxRounds} looks a step (each at ${formatAlpha(o.settings.lookAlpha ?? o.settings.alpha)}), minimum effect ${o.settings.minEffectPct}%` },
  ];
  const ends = o.ends.metrics.map((m) => ({
    metric: trackedName(m.metric) + (m.metric === o.ends.primary ? ' (followed)' : ''),
    change: formatDelta(m.effect.worsePct),
    interval: interval(m.effect),
    p: formatP(m.effect.p),
    verdict: m.effect.regressed ? 'regressed' : 'not regressed',
  }));
  return {
    title: `Bisect: ${commits[0]!.ref}..${commits[last]!.ref}`,
    word,
    tone: o.status === 'found' ? 'bad' : 'good',
    headline,
    generatedAt: new Date().toISOString(),
    culprits,
    facts,
    ends,
    steps: steps.map((s) => stepRow(s, commits)),
    notices: o.notices,
  };
}

function stepRow(s: NonNullable<BisectOutcome['search']>['steps'][number], commits: BisectOutcome['range']['commits']): StepRow {
  const c = commits[s.mid]!;
  const tones = { good: 'good', bad: 'bad', split: 'warn', 'good-lean': 'neutral', 'bad-lean': 'neutral', skip: 'neutral' } as const;
  const words = { good: 'good-like', bad: 'bad-like', split: 'split (both sides changed)', 'good-lean': 'ambiguous, leaned good', 'bad-lean': 'ambiguous, leaned bad', skip: `skipped: ${s.skipReason ?? ''}` };
  const e = s.evidence;
  const decisive = s.verdict === 'good' || s.verdict === 'good-lean' ? e?.right : e?.left;
  return {
    number: String(s.number),
    commit: short(c.sha),
    subject: c.subject,
    interval: `${short(commits[s.lo]!.sha)}..${short(commits[s.hi]!.sha)}`,
    verdict: words[s.verdict],
    tone: tones[s.verdict],
    left: e ? `${formatDelta(e.left.worsePct)} ${formatP(e.left.p)}` : '—',
    right: e ? `${formatDelta(e.right.worsePct)} ${formatP(e.right.p)}` : '—',
    p: formatP(decisive?.p ?? null),
    repetitions: e ? `${e.repetitions} (${e.rounds} round${e.rounds === 1 ? '' : 's'})` : '0',
  };
}

/** The results JSON: the outcome without reports, with the view's headline. */
export function bisectResultsJson(o: Omit<BisectOutcome, 'reports'>): string {
  const { commits } = o.range;
  const data = {
    schema: 1,
    kind: 'loadgate-bisect',
    status: o.status,
    good: commits[0],
    bad: commits[commits.length - 1],
    commits: commits.map((c) => ({ sha: c.sha, subject: c.subject, authorDate: c.authorDate, merge: c.merge })),
    firstBad: (o.search?.culprits ?? []).map((c) => ({ ...commits[c.index]!, effect: c.effect, fromStep: c.fromStep, lastGood: commits[c.lastGood]!.sha, alsoPossible: c.alsoPossible.map((i) => commits[i]!.sha) })),
    ends: { ...o.ends, primary: o.ends.primary && trackedName(o.ends.primary), metrics: o.ends.metrics.map((m) => ({ metric: trackedName(m.metric), ...m.effect })) },
    steps: (o.search?.steps ?? []).map((s) => ({ ...s, commit: commits[s.mid]!.sha })),
    confidence: o.search?.confidence ?? null,
    repetitions: o.repetitions,
    durationMs: Math.round(o.durationMs),
    settings: o.settings,
    notices: o.notices,
  };
  return `${JSON.stringify(data, null, 1)}\n`;
}

let templates: { html: HandlebarsTemplateDelegate; markdown: HandlebarsTemplateDelegate } | null = null;

function compiled(): NonNullable<typeof templates> {
  if (templates) return templates;
  const env = Handlebars.create();
  env.registerPartial('styles', readFileSync(templatePath('styles.hbs'), 'utf8'));
  const source = (name: string): string => readFileSync(templatePath(name), 'utf8');
  templates = { html: env.compile(source('bisect.hbs'), { strict: true }), markdown: env.compile(source('bisect-markdown.hbs'), { strict: true, noEscape: true }) };
  return templates;
}

export function renderBisectHtml(view: BisectView): string {
  return compiled().html(view);
}

/** Markdown: every string escaped for Markdown before it reaches the template. */
export function renderBisectMarkdown(view: BisectView): string {
  return compiled().markdown(escapeView(view));
}

function escapeView<T>(value: T): T {
  if (typeof value === 'string') return escapeMarkdown(value) as T;
  if (Array.isArray(value)) return value.map(escapeView) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeView(v)])) as T;
  return value;
}

/** Writes the formats into `dir`, each atomically; returns format → path. */
export async function writeBisectReports(o: Omit<BisectOutcome, 'reports'>, dir: string, formats: readonly BisectFormat[]): Promise<Record<string, string>> {
  const view = buildBisectView(o);
  const written: Record<string, string> = {};
  for (const format of new Set(formats)) {
    const file = join(dir, FILE_NAMES[format]);
    const text = format === 'json' ? bisectResultsJson(o) : format === 'html' ? renderBisectHtml(view) : renderBisectMarkdown(view);
    await writeFileAtomic(file, text);
    written[format] = file;
  }
  return written;
}

/** 0.0167 for 0.05 / 3: enough digits to tell the levels apart. */
function formatAlpha(a: number): string {
  return String(Number(a.toPrecision(3)));
}
