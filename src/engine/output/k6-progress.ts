/**
 * k6's progress bars as `k6 run` prints them on stdout when stdout is not a terminal: once a
 * second, an empty line, then `Init [ 60% ] 06/10 VUs initialized` while VUs are initialized,
 * `Run … setup()` while setup() runs or the `running (…)` line after, then one bar per scenario
 * in plan order, each with its executor's columns:
 *
 *   running (00m01.0s), 04/11 VUs, 20 complete and 0 interrupted iterations
 *   car                [  50% ] 1/2 VUs  1.0s/2s         4.00 iters/s
 *   si               ✓ [ 100% ] 2 VUs    00m00.8s/10m0s  6/6 shared iters
 *   longer_name_here • [   0% ] waiting  0.0s
 *
 * Layout measured on k6 v2.2.0 and v0.49.0 (the same in both): names padded to the longest
 * (at least 4, at most 30 with `...`), then ` <status> `, the percentage, and the columns,
 * each padded to the widest of that column among the bars where it is not the last.
 * Pure: returns the text.
 */
import { formatFixedGo } from '../../core/go-format.js';
import { formatGoDuration } from '../options/duration.js';
import { regularDurationMs, scenarioMaxVUs } from '../options/scenarios.js';
import type { EngineProgress, ProgressBars, ScenarioBar } from '../types.js';

const MIN_LEFT = 4;
const MAX_LEFT = 30;
const STATUS = { pending: ' ', waiting: '•', running: ' ', stopping: '↓', done: '✓', interrupted: '✗' } as const;

interface Bar {
  left: string;
  status: string;
  /** 0..1 */
  fraction: number;
  columns: string[];
}

/**
 * On a terminal k6 redraws the block in place every 100 ms: each bar drawn 40 wide (`[===>---]`,
 * the rest faint), `✓` green, `✗` red and `•` faint when colours are on, each line erased to its
 * end, and the cursor taken back up to the block's first line unless it is the last block.
 */
export interface TerminalDrawing {
  colors: boolean;
  /** The last block: the cursor stays below it. */
  last: boolean;
  /** Terminal columns: bars narrow (to 10 at least) when the lines would not fit. None or 0 (a terminal of unknown size): 80, as k6. */
  columns?: number;
}

const BAR_WIDTH = 40;
/** k6's width for a terminal that does not say its size. */
const DEFAULT_COLUMNS = 80;
const MIN_BAR_WIDTH = 10;

/** One block of bars, as k6 prints it every second (on a terminal: draws it, see TerminalDrawing) and once more after the summary. */
export function renderK6ProgressBlock(p: EngineProgress & { bars: ProgressBars }, terminal?: TerminalDrawing): string {
  const { bars } = p;
  const scenarioBars = bars.scenarios.map(scenarioBar);
  const first = bars.phase === 'setup' || bars.phase === 'paused' ? [{ left: 'Run', status: ' ', fraction: 1, columns: [bars.phase === 'setup' ? 'setup()' : 'paused'] }] : bars.init ? [initBar(bars.init)] : [];
  const all = [...first, ...scenarioBars];
  const leftWidth = Math.min(MAX_LEFT, Math.max(MIN_LEFT, ...all.map((b) => b.left.length)));
  // Column i's width: the widest among the bars where it is followed by another column.
  const widths: number[] = [];
  for (const b of all) b.columns.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  if (!terminal) {
    const lines = all.map((b) => renderBar(b, leftWidth, widths));
    if (bars.phase === 'running') lines.unshift(runningLine(p, bars));
    return `\n${lines.join('\n')}\n`;
  }
  const plain = all.map((b) => renderBar(b, leftWidth, widths, { width: BAR_WIDTH, colors: false }));
  const longest = Math.max(0, ...plain.map((l) => [...l].length));
  const columns = terminal.columns || DEFAULT_COLUMNS;
  const width = longest >= columns ? Math.max(MIN_BAR_WIDTH, BAR_WIDTH - (longest - columns + 1)) : BAR_WIDTH;
  const lines = all.map((b) => renderBar(b, leftWidth, widths, { width, colors: terminal.colors }));
  if (bars.phase === 'running') lines.unshift(runningLine(p, bars));
  const erase = '\x1b[K';
  const text = `${erase}\n${lines.map((l) => `${l}${erase}\n`).join('')}`;
  return terminal.last ? text : `${text}\r\x1b[J\x1b[${lines.length + 1}A`;
}

/** k6's bar while VUs are initialized: `Init [  60% ] 06/10 VUs initialized`. */
function initBar(init: NonNullable<ProgressBars['init']>): Bar {
  return { left: 'Init', status: ' ', fraction: init.total > 0 ? init.done / init.total : 1, columns: [`${padInt(init.done, init.total)}/${init.total} VUs initialized`] };
}

function runningLine(p: EngineProgress, bars: ProgressBars): string {
  const vus = (n: number): string => padInt(n, bars.maxVus);
  return `running (${fixedLengthDuration(p.elapsedMs, bars.maxDurationMs)}), ${vus(p.vus)}/${vus(p.vusMax ?? p.vus)} VUs, ${p.iterations} complete and ${p.interruptedIterations} interrupted iterations`;
}

function renderBar(b: Bar, leftWidth: number, widths: number[], drawn?: { width: number; colors: boolean }): string {
  const left = b.left.length > leftWidth ? `${b.left.slice(0, leftWidth - 3)}...` : b.left.padEnd(leftWidth);
  const fraction = Math.min(1, Math.max(0, b.fraction));
  const columns = b.columns.map((c, i) => c.padEnd((widths[i] ?? 0) + (i < b.columns.length - 1 ? 2 : 1))).join('');
  const right = columns ? ` ${columns}` : '';
  if (!drawn) return `${left} ${b.status} [${formatFixedGo(fraction * 100, 0).padStart(4)}% ]${right}`;
  const space = drawn.width - 2;
  const filled = Math.floor(space * fraction);
  const fill = filled <= 0 ? '' : filled < space ? `${'='.repeat(filled - 1)}>` : '='.repeat(space);
  const faint = (t: string): string => (drawn.colors ? `\x1b[2m${t}\x1b[22m` : t);
  const status = !drawn.colors ? b.status : b.status === STATUS.done ? `\x1b[32m${b.status}\x1b[0m` : b.status === STATUS.interrupted ? `\x1b[31m${b.status}\x1b[0m` : b.status === STATUS.waiting ? faint(b.status) : b.status;
  return `${left} ${status} [${fill}${faint('-'.repeat(Math.max(0, space - Math.max(0, filled))))}]${right}`;
}

function scenarioBar(s: ScenarioBar): Bar {
  const c = s.config;
  const bar: Bar = { left: c.name, status: STATUS[s.state], fraction: 0, columns: [] };
  if (s.state === 'pending') return bar;
  if (!s.begun) {
    bar.columns = ['waiting', fixedLengthDuration(s.startsInMs, c.startTimeMs)];
    return bar;
  }
  const regular = regularDurationMs(c);
  /** A time-based executor's time column: spent of total while it runs, the total once over. */
  const timeOf = (totalMs: number, totalText: (ms: number) => string): string =>
    s.spentMs > totalMs ? formatGoDuration(totalMs) : `${fixedLengthDuration(s.spentMs, totalMs)}/${totalText(totalMs)}`;
  const timeFraction = (totalMs: number): number => (totalMs <= 0 ? 1 : s.spentMs / totalMs);
  switch (c.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations': {
      const total = c.executor === 'shared-iterations' ? c.iterations : c.vus * c.iterations;
      const done = `${padInt(s.completedIterations, total)}/${total}`;
      bar.fraction = total > 0 ? s.completedIterations / total : 1;
      bar.columns = [
        `${c.vus} VUs`,
        `${fixedLengthDuration(s.spentMs, c.maxDurationMs)}/${formatGoDuration(c.maxDurationMs)}`,
        c.executor === 'shared-iterations' ? `${done} shared iters` : `${done} iters, ${c.iterations} per VU`,
      ];
      break;
    }
    case 'constant-vus':
      bar.fraction = timeFraction(regular);
      bar.columns = [`${c.vus} VUs`, timeOf(regular, formatGoDuration)];
      break;
    case 'ramping-vus': {
      const max = scenarioMaxVUs(c);
      bar.fraction = timeFraction(regular);
      bar.columns = [`${padInt(s.activeVus, max)}/${max} VUs`, timeOf(regular, (ms) => fixedLengthDuration(ms, ms))];
      break;
    }
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      bar.fraction = timeFraction(regular);
      // The rate as wide as the scenario's highest, zero-padded.
      const maxRate = (Math.max(c.executor === 'constant-arrival-rate' ? c.rate : c.startRate, ...c.stages.map((st) => st.target)) * 1000) / c.timeUnitMs;
      const rateWidth = (maxRate >= 10 ? Math.floor(Math.log10(maxRate)) + 1 : 1) + 3;
      bar.columns = [`${padInt(s.activeVus, c.maxVUs)}/${padInt(s.allocatedVus, c.maxVUs)} VUs`, timeOf(regular, formatGoDuration), `${formatFixedGo(s.ratePerSec, 2).padStart(rateWidth, '0')} iters/s`];
      break;
    }
  }
  // As k6 marks a scenario that ended: done only when its progress got to the end (a
  // ramping-arrival-rate that started its last iteration before its duration did not).
  if (s.state === 'done' && bar.fraction < 1) bar.status = STATUS.interrupted;
  return bar;
}

/** `n` zero-padded to as many digits as `max` has (k6's fixed-width counts). */
function padInt(n: number, max: number): string {
  return String(n).padStart(String(Math.max(0, Math.trunc(max))).length, '0');
}

/**
 * A duration in a width fixed by `maxMs`, so the bars do not jump: tenths of a second, and as
 * many leading units as the maximum has, the first as wide as the maximum's (`1.0s` of 2s,
 * `0m00.5s` of 1m5s, `00m01.0s` of 10m30s, `0h00m02.0s` of 2h0m30s, `0d01h00m00.0s` of 30h).
 */
export function fixedLengthDuration(ms: number, maxMs: number): string {
  const tenths = Math.round(Math.max(0, ms) / 100);
  const maxTenths = Math.max(tenths, Math.round(maxMs / 100));
  const fraction = tenths % 10;
  const seconds = Math.floor(tenths / 10);
  const maxSeconds = Math.floor(maxTenths / 10);
  if (maxSeconds < 60) return `${String(seconds).padStart(String(maxSeconds).length, '0')}.${fraction}s`;
  const secondsPart = `${String(seconds % 60).padStart(2, '0')}.${fraction}s`;
  const minutes = Math.floor(seconds / 60);
  const maxMinutes = Math.floor(maxSeconds / 60);
  if (maxMinutes < 60) return `${String(minutes).padStart(String(maxMinutes).length, '0')}m${secondsPart}`;
  const hours = Math.floor(minutes / 60);
  const maxHours = Math.floor(maxMinutes / 60);
  const minutesPart = `${String(minutes % 60).padStart(2, '0')}m${secondsPart}`;
  if (maxHours < 24) return `${String(hours).padStart(String(maxHours).length, '0')}h${minutesPart}`;
  return `${String(Math.floor(hours / 24)).padStart(String(Math.floor(maxHours / 24)).length, '0')}d${String(hours % 24).padStart(2, '0')}h${minutesPart}`;
}
