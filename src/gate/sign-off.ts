/**
 * What a release sign-off page needs besides the comparison: the version it signs, and the
 * trend of a history profile (the weekly runs by default). `loadgate gate --sign-off` renders it
 * from the gate's own final comparison (confirmation round included), and `loadgate report
 * --sign-off` from stored files, so the page never judges differently from the gate.
 */
import type { ResolvedConfig } from '../config/index.js';
import { historyToTrendPoints, readHistory } from '../history/history-store.js';
import type { ReportInput } from '../report/index.js';

export interface SignOffOptions {
  /** The version the page signs. @default the head's git branch or run id */
  version?: string;
  /** The history profile whose trend the page shows. @default 'weekly' */
  historyProfile?: string;
}

/** The sign-off part of a report input, and warnings about the history it read. */
export async function signOffInput(config: ResolvedConfig, options: SignOffOptions): Promise<{ input: Pick<ReportInput, 'signOff' | 'version' | 'history'>; warnings: string[] }> {
  const history = await readHistory(config.historyDir, options.historyProfile ?? 'weekly');
  return {
    input: {
      signOff: true,
      ...(options.version !== undefined && { version: options.version }),
      ...(history.records.length > 0 && { history: historyToTrendPoints(history.records) }),
    },
    warnings: history.warnings,
  };
}
