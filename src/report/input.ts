/**
 * What a report is made from. The Comparison decides every verdict; the results files
 * only add what a reader needs to trust it (environments, charts, checks, errors).
 */
import type { Comparison } from '../compare/model.js';
import type { ResultsFile } from '../results/results.js';

/** One past value of one metric, from the history store, for the sign-off trend. */
export interface TrendPoint {
  runId: string;
  /** ISO 8601 time of the run. */
  createdAt: string;
  scenario: string;
  /** Metric selector, e.g. `http_req_duration`. */
  metric: string;
  /** Summary stat, e.g. `p(95)`. */
  stat: string;
  value: number;
  /** Display unit, e.g. `ms`. @default '' */
  unit?: string;
}

export interface ReportInput {
  comparison: Comparison;
  /** The run being judged (the Comparison's head). */
  head: ResultsFile;
  /** The baseline run, for base-vs-head charts; null/absent when there is none. */
  base?: ResultsFile | null;
  /** Page title. @default "loadgate report — <profile>" */
  title?: string;
  /** Adds the release sign-off section (checklist, trend, signature block). @default false */
  signOff?: boolean;
  /** ISO 8601 time the report is generated at. @default new Date().toISOString() */
  generatedAt?: string;
  /** Version being released, for the sign-off header. @default the head's git branch or run id */
  version?: string;
  /** Past runs for the sign-off trend section; absent → a placeholder says how to get one. */
  history?: TrendPoint[];
}

/** Name of the report formats `writeReports` knows (`comment`: the PR comment body). */
export type ReportFormat = 'html' | 'markdown' | 'junit' | 'json' | 'comment';
