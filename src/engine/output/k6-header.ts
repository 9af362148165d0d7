/**
 * What `k6 run` prints on stdout before the test (without -q), once the script has loaded
 * and its options are valid: k6's logo, then the execution plan, each scenario as k6
 * describes it (`* default: 6 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)`).
 * Each generation's logo and layout; k6's colours on a terminal. Pure: returns the text.
 */
import type { K6Compat } from '../k6-compat.js';
import { inPlanOrder, regularDurationMs, testMaxDurationMs, type ScenarioConfig } from '../options/scenarios.js';
import { formatGoDuration } from '../options/duration.js';

/** k6 v1+'s logo, in yellow on a terminal. */
const LOGO_V2 = ['         /\\      Grafana   /‾‾/  ', '    /\\  /  \\     |\\  __   /  /   ', '   /  \\/    \\    | |/ /  /   ‾‾\\ ', '  /          \\   |   (  |  (‾)  |', ' / __________ \\  |_|\\_\\  \\_____/ '];
/** k6 v0.49's logo, in cyan on a terminal. */
const LOGO_V049 = ['          /\\      |‾‾| /‾‾/   /‾‾/   ', '     /\\  /  \\     |  |/  /   /  /    ', '    /  \\/    \\    |     (   /   ‾‾\\  ', '   /          \\   |  |\\  \\ |  (‾)  | ', '  / __________ \\  |__| \\__\\ \\_____/ .io'];

export interface ExecutionPlan {
  /** The scenarios as this instance runs them (segmented). */
  scenarios: readonly ScenarioConfig[];
  /** This instance's execution segment, as a fraction of the whole test. */
  segmentShare: number;
  /** VUs the instance initializes (k6's "max VUs"). */
  maxVus: number;
}

export interface K6HeaderInput {
  compat: K6Compat;
  /** The script as given on the command line. */
  script: string;
  /** `--out` values shown (`json (file.json)`); none prints `-`. */
  outputs: string[];
  plan: ExecutionPlan;
  colors: boolean;
}

const paint = (on: boolean, code: string, text: string): string => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

export function renderK6Header(input: K6HeaderInput): string {
  const { plan, colors } = input;
  const logo = input.compat === 'v0.49' ? LOGO_V049 : LOGO_V2;
  const logoText = paint(colors, input.compat === 'v0.49' ? '36' : '33', logo.join('\n'));
  const scenarios = inPlanOrder(plan.scenarios);
  const maxDurationMs = testMaxDurationMs(scenarios);
  const count = `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`;
  const summary = `(${(plan.segmentShare * 100).toFixed(2)}%) ${count}, ${plan.maxVus} max VUs, ${formatGoDuration(maxDurationMs)} max duration (incl. graceful stop):`;
  const lines = [
    `     execution: ${paint(colors, '36', 'local')}`,
    `        script: ${paint(colors, '36', input.script)}`,
    `        output: ${paint(colors, '36', input.outputs.length ? input.outputs.join(', ') : '-')}`,
    '',
    `     scenarios: ${paint(colors, '36', summary)}`,
    ...scenarios.map((s) => `              * ${s.name}: ${describeScenario(s, plan.segmentShare)}`),
  ];
  // v1+ leaves one more empty line after the logo.
  return `\n${logoText}\n\n${input.compat === 'v0.49' ? '' : '\n'}${lines.join('\n')}\n\n`;
}

const perSecond = (rate: number, timeUnitMs: number, share: number): string => ((rate * share * 1000) / timeUnitMs).toFixed(2);

/** k6's executor description: what it runs, then its facts in k6's order. */
function describeScenario(s: ScenarioConfig, share: number): string {
  const d = formatGoDuration;
  const stages = regularDurationMs(s);
  // Counts the segment did not cut already (segment-scenarios.ts) are cut here as k6 prints them.
  const vus = (n: number) => (s.segment ? s.segment.tuple.scale(n) : n);
  const maxVUs = s.preAllocatedVUs === s.maxVUs ? `maxVUs: ${s.preAllocatedVUs}` : `maxVUs: ${s.preAllocatedVUs}-${s.maxVUs}`;
  let text: string;
  const facts: string[] = [];
  switch (s.executor) {
    case 'shared-iterations':
      text = `${s.iterations} iterations shared among ${s.vus} VUs`;
      facts.push(`maxDuration: ${d(s.maxDurationMs)}`);
      break;
    case 'per-vu-iterations':
      text = `${s.iterations} iterations for each of ${s.vus} VUs`;
      facts.push(`maxDuration: ${d(s.maxDurationMs)}`);
      break;
    case 'constant-vus':
      text = `${s.vus} looping VUs for ${d(s.durationMs)}`;
      break;
    case 'ramping-vus':
      text = `Up to ${vus(Math.max(s.startVUs, ...s.stages.map((st) => st.target)))} looping VUs for ${d(stages)} over ${s.stages.length} stages`;
      facts.push(`gracefulRampDown: ${d(s.gracefulRampDownMs)}`);
      break;
    case 'constant-arrival-rate':
      text = `${perSecond(s.rate, s.timeUnitMs, share)} iterations/s for ${d(s.durationMs)}`;
      facts.push(maxVUs);
      break;
    case 'ramping-arrival-rate':
      text = `Up to ${perSecond(Math.max(s.startRate, ...s.stages.map((st) => st.target)), s.timeUnitMs, share)} iterations/s for ${d(stages)} over ${s.stages.length} stages`;
      facts.push(maxVUs);
      break;
  }
  if (s.execGiven) facts.push(`exec: ${s.exec}`);
  if (s.startTimeMs > 0) facts.push(`startTime: ${d(s.startTimeMs)}`);
  if (s.gracefulStopMs > 0) facts.push(`gracefulStop: ${d(s.gracefulStopMs)}`);
  return facts.length ? `${text} (${facts.join(', ')})` : text;
}
