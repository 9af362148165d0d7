import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderTextSummary } from '../../src/engine/output/text-summary.js';
import { humanizeDuration } from '../../src/engine/output/k6-humanize.js';
import type { K6Summary } from '../../src/core/k6-summary.js';
import { K6_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = K6_FIXTURES;

/** The summary block of k6's stdout: from the first check line to the blank line before the final progress. */
function k6SummaryBlock(): string[] {
  const lines = readFileSync(`${FIXTURES}/default-summary-stdout.txt`, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes('✓ async 200'));
  const end = lines.findIndex((l, i) => i > start && l.trim() === '' && lines[i + 1]?.trim() === '');
  return lines.slice(start, end);
}

describe('renderTextSummary', () => {
  // default-summary-stdout.txt comes from another run of the same script than handle-summary-data.json:
  // same names and layout, different numbers. So compare the layout exactly and the values by shape.
  const data = JSON.parse(readFileSync(`${FIXTURES}/handle-summary-data.json`, 'utf8')) as K6Summary;
  const ours = renderTextSummary(data).split('\n');
  const theirs = k6SummaryBlock();

  it('prints checks and groups exactly like k6', () => {
    const firstMetric = (ls: string[]) => ls.findIndex((l) => l.includes('.....'));
    expect(ours.slice(0, firstMetric(ours))).toEqual(theirs.slice(0, firstMetric(theirs)));
  });

  it('prints the metric lines with k6 names, marks, dot padding and value layout', () => {
    const ourMetrics = ours.filter((l) => l.includes('.....'));
    const theirMetrics = theirs.filter((l) => l.includes('.....'));
    expect(ourMetrics.map((l) => l.slice(0, l.indexOf(':') + 1))).toEqual(theirMetrics.map((l) => l.slice(0, l.indexOf(':') + 1)));
    const mask = (l: string) => l.replace(/[0-9.]+(ns|µs|ms|s|%| kB| B|\/s)?/g, '#').replace(/\s+/g, ' ').trimEnd();
    expect(ourMetrics.map(mask)).toEqual(theirMetrics.map(mask));
  });

  it('humanizes durations like k6', () => {
    expect(humanizeDuration(0)).toBe('0s');
    expect(humanizeDuration(0.00052)).toBe('520ns');
    expect(humanizeDuration(0.43311)).toBe('433.11µs');
    expect(humanizeDuration(1.2349)).toBe('1.23ms');
    expect(humanizeDuration(34321.7)).toBe('34.32s');
    expect(humanizeDuration(62_500)).toBe('1m2s'); // k6 truncates seconds past a minute
  });
});
