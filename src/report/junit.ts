/**
 * JUnit XML for CI test tabs: one testsuite per scenario, one testcase per target
 * threshold and per gating baseline comparison. Failures carry the numbers.
 * Handlebars' escaping (& < > " ' ` =) yields valid XML character references.
 */
import { loadTemplate } from './templates.js';
import type { ComparisonRowVm, ReportViewModel, ScenarioVm, ThresholdRowVm } from './view-model-types.js';

export interface JunitCaseVm {
  name: string;
  classname: string;
  failure: { type: string; message: string; body: string } | null;
  skipped: string;
  systemOut: string;
}

export interface JunitSuiteVm {
  name: string;
  tests: number;
  failures: number;
  skipped: number;
  cases: JunitCaseVm[];
}

export interface JunitVm {
  name: string;
  tests: number;
  failures: number;
  skipped: number;
  timestamp: string;
  suites: JunitSuiteVm[];
}

/** Renders the JUnit XML document for a built view model. */
export function renderJunitFromView(view: ReportViewModel): string {
  return loadTemplate('junit')(buildJunitVm(view));
}

/** The JUnit structure with its counts (tests, failures, skipped) computed per suite and in total. */
export function buildJunitVm(view: ReportViewModel): JunitVm {
  // Across a changed machine a regression is not a failure but an unanswered question: skipped, with the reason.
  const drift = view.evidence.drift;
  const machineDoubt = drift && drift.verdict.tone !== 'good' ? `inconclusive: ${drift.summary}` : '';
  const suites = view.scenarios.map((s) => scenarioSuite(s, machineDoubt || (s.verdict.word === 'inconclusive' ? `inconclusive: ${inconclusiveWhy(view, s)}` : '')));
  if (drift) suites.push(driftSuite(drift));
  if (view.measurementProblems.length > 0) suites.unshift(measurementSuite(view.measurementProblems));
  return {
    name: view.title,
    tests: suites.reduce((n, s) => n + s.tests, 0),
    failures: suites.reduce((n, s) => n + s.failures, 0),
    skipped: suites.reduce((n, s) => n + s.skipped, 0),
    timestamp: view.generatedAt,
    suites,
  };
}

function inconclusiveWhy(view: ReportViewModel, s: ScenarioVm): string {
  const found = view.evidence.saturation.find((f) => f.scenario === s.name && f.verdict.word === 'inconclusive');
  return found ? `the load generator was the bottleneck: ${found.text}` : 'see the report';
}

/** An interrupted or aborted measurement as a failed test case: whatever else passed, the run does not. */
function measurementSuite(problems: string[]): JunitSuiteVm {
  const kase: JunitCaseVm = {
    name: 'every repetition was measured to the end',
    classname: 'loadgate.measurement',
    failure: { type: 'measurement-failed', message: `measurement failed, so there is no verdict: ${problems[0]}`, body: problems.join('\n') },
    skipped: '',
    systemOut: '',
  };
  return { name: 'measurement', tests: 1, failures: 1, skipped: 0, cases: [kase] };
}

/** The drift guard as a test case: steady passes, a changed machine is skipped (no verdict possible). */
function driftSuite(drift: NonNullable<ReportViewModel['evidence']['drift']>): JunitSuiteVm {
  const steady = drift.verdict.tone === 'good';
  const body = drift.rows.map((r) => `${r.part}: base ${r.base}, head ${r.head}, slower ${r.slower}, ${r.p}`).join('; ');
  const kase: JunitCaseVm = {
    name: 'the machine did not change between the baseline and this run (canary)',
    classname: 'loadgate.drift-guard',
    failure: null,
    skipped: steady ? '' : `inconclusive: ${drift.summary}`,
    systemOut: steady ? `${drift.summary}; ${body}` : body,
  };
  return { name: 'drift guard', tests: 1, failures: 0, skipped: steady ? 0 : 1, cases: [kase] };
}

function scenarioSuite(s: ScenarioVm, doubt: string): JunitSuiteVm {
  const classname = `loadgate.${s.name}`;
  const cases = [
    ...s.thresholds.map((t) => thresholdCase(t, classname)),
    ...s.comparisons.filter((c) => c.gating).map((c) => comparisonCase(c, classname, doubt)),
  ];
  return {
    name: s.name,
    tests: cases.length,
    failures: cases.filter((c) => c.failure !== null).length,
    skipped: cases.filter((c) => c.skipped !== '').length,
    cases,
  };
}

function thresholdCase(t: ThresholdRowVm, classname: string): JunitCaseVm {
  const name = `threshold ${t.metric}: ${t.target}`;
  const numbers = `measured ${t.measured}; target ${t.target}${t.warnLevel ? `; warn at ${t.warnLevel}` : ''}`;
  if (t.verdict.word === 'fail') {
    return { name, classname, failure: { type: 'threshold', message: `${t.metric} ${t.target} failed: ${numbers}`, body: numbers }, skipped: '', systemOut: '' };
  }
  if (t.verdict.word === 'no data') {
    const message = `${t.metric} had no samples, so ${t.target} could not be judged (no data is not a pass)`;
    return { name, classname, failure: { type: 'no-data', message, body: numbers }, skipped: '', systemOut: '' };
  }
  return { name, classname, failure: null, skipped: '', systemOut: `${t.verdict.word}: ${numbers}` };
}

function comparisonCase(c: ComparisonRowVm, classname: string, doubt: string): JunitCaseVm {
  const name = `baseline ${c.metric} ${c.stat}`;
  const expected = c.expectation ? `; ${c.expectation.verdict.word}: ${c.expectation.text}` : '';
  const numbers = `base ${c.base} ${c.baseCi} → head ${c.head} ${c.headCi}; delta ${c.delta}; ${c.p}${c.pAdjusted ? ` (${c.pAdjusted})` : ''}; n ${c.n}${c.note ? `; ${c.note}` : ''}${expected}`;
  if (doubt && (c.verdict.word === 'regressed' || c.expectation?.verdict.tone === 'bad')) {
    return { name, classname, failure: null, skipped: `${doubt} (${c.verdict.word}: ${numbers})`, systemOut: '' };
  }
  if (c.verdict.word === 'regressed') {
    return { name, classname, failure: { type: 'regression', message: `${c.metric} ${c.stat} regressed ${c.delta} (${c.p})`, body: numbers }, skipped: '', systemOut: '' };
  }
  if (c.expectation && c.expectation.verdict.tone === 'bad') {
    return { name, classname, failure: { type: 'expected-change', message: `${c.metric} ${c.stat}: ${c.expectation.text}`, body: numbers }, skipped: '', systemOut: '' };
  }
  if (c.verdict.word === 'insufficient data' || c.verdict.word === 'missing' || c.verdict.word === 'too noisy') {
    return { name, classname, failure: null, skipped: `${c.verdict.word}: ${numbers}`, systemOut: '' };
  }
  return { name, classname, failure: null, skipped: '', systemOut: `${c.verdict.word}: ${numbers}` };
}
