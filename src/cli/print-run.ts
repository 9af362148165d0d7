import type { RunEvent } from '../runner/run-suite.js';

/**
 * Plain progress lines for the runner's events: one line per repetition, which
 * reads well in CI logs and on a terminal alike.
 */
export function formatRunEvent(event: RunEvent): string | null {
  switch (event.kind) {
    case 'suite-start':
      return event.sides
        ? `running ${event.scenarios.join(', ')}: ${event.repetitions} interleaved pairs each (${event.sides.join(' and ')}, +${event.warmupRepetitions} warm-up) on ${event.engine}`
        : `running ${event.scenarios.join(', ')}: ${event.repetitions} repetitions each (+${event.warmupRepetitions} warm-up) on ${event.engine}`;
    case 'target-started':
      return `reference target listening on ${event.url} (${event.seed} records seeded)`;
    case 'warmup':
      return `${event.scenario} warm-up ${event.round + 1}/${event.of} (not measured)`;
    case 'warning':
      return `warning: ${event.text}`;
    case 'repetition-start':
    case 'repetition-progress':
      return null;
    case 'repetition-end': {
      const m = event.result.summary.metrics;
      const reqs = m.http_reqs?.values.count ?? 0;
      const rps = m.http_reqs?.values.rate ?? 0;
      const p95 = m.http_req_duration?.values['p(95)'];
      const failed = m.http_req_failed?.values.rate ?? 0;
      const parts = [
        `${event.scenario}${event.side ? ` [${event.side}]` : ''} ${event.repetition + 1}/${event.of}:`,
        `${reqs} requests`,
        `${rps.toFixed(0)} req/s`,
        p95 === undefined ? 'p(95) n/a' : `p(95) ${p95.toFixed(2)} ms`,
        `${(failed * 100).toFixed(2)}% failed`,
      ];
      if (event.result.exitCode !== 0) parts.push(`(k6 exit ${event.result.exitCode})`);
      return parts.join(' ');
    }
  }
}
