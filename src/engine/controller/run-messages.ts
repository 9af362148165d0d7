/**
 * The lines k6 logs when a test run ends early or fails, word for word (cmd/run.go,
 * js/modules/k6/execution, metrics/engine, lib/executor).
 */
import { scriptLoadMessage } from '../script/load-message.js';
import type { ThresholdOutcome } from '../metrics/thresholds.js';
import type { K6LogEntry } from '../output/k6-log.js';

/** k6 v2's warning after a test in which no iteration finished. */
export const NO_FULL_ITERATIONS_MESSAGE = 'No script iterations fully finished, consider making the test duration longer';

/** `test aborted: <reason> at <where>`; the reason and the place are left out when there is none. */
export function abortMessage(reason: string, location: string | undefined): string {
  return `test aborted${reason ? `: ${reason}` : ''}${location ? ` at ${location}` : ''}`;
}

/** Go's names of the signals that stop k6 (os.Signal's String()), as k6's lines quote them. */
const GO_SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = { SIGINT: 'interrupt', SIGTERM: 'terminated', SIGHUP: 'hangup', SIGQUIT: 'quit' };

/** How Go names `signal`: `interrupt` for SIGINT, `terminated` for SIGTERM. */
export function goSignalName(signal: NodeJS.Signals): string {
  return GO_SIGNAL_NAMES[signal] ?? signal;
}

/** Logged last when Ctrl-C or SIGTERM stopped the test run (exit 105). */
export function externalAbortMessage(signal: NodeJS.Signals): string {
  return `test run was aborted because k6 received a '${goSignalName(signal)}' signal`;
}

/** exec.test.abort() in the init context: k6 fails to load the script (exit 108), saying so. */
export function initAbortMessage(scriptPath: string, reason: string, location: string | undefined): string {
  return scriptLoadMessage(scriptPath, abortMessage(reason, location));
}

/** The metrics (and sub-metrics) whose thresholds failed, sorted as k6 sorts them. */
export function crossedMetrics(outcomes: readonly ThresholdOutcome[]): string[] {
  return [...new Set(outcomes.filter((o) => !o.ok).map((o) => o.summaryName))].sort();
}

/** Logged at the end of a run whose thresholds failed (exit 99). */
export function crossedThresholdsMessage(outcomes: readonly ThresholdOutcome[]): string {
  return `thresholds on metrics '${crossedMetrics(outcomes).join(', ')}' have been crossed`;
}

/** Logged when a threshold with abortOnFail stops the test: every threshold failing at that moment is named. */
export function abortOnFailMessage(outcomes: readonly ThresholdOutcome[]): string {
  return `thresholds on metrics '${crossedMetrics(outcomes).join(', ')}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`;
}

/**
 * An arrival-rate scenario dropped a start with every VU it may have initialized (k6's
 * executors log it once per scenario, with the executor's logger fields).
 */
export function insufficientVusWarning(scenario: { name: string; executor: string }, maxVUs: number): K6LogEntry {
  return {
    level: 'warning',
    msg: `Insufficient VUs, reached ${maxVUs} active VUs and cannot initialize more`,
    fields: { executor: scenario.executor, scenario: scenario.name },
  };
}
