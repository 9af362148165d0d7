// The time base of Counter rates: k6 divides by the test run duration, setup() to the end
// of teardown(), without VU initialization. The script notes its own clock at each step.
import { Counter, Gauge } from 'k6/metrics';
import { sleep } from 'k6';

const things = new Counter('things');
const initEnd = new Gauge('init_end_ms');
const iterStart = new Gauge('iteration_start_ms');
// A slow init (INIT_MS of busy work per VU) must not count in the time base.
const initStart = Date.now();
while (Date.now() - initStart < Number(__ENV.INIT_MS || 0)) {
  // busy, as a heavy init would be
}
const initDoneAt = Date.now();
const SETUP_S = Number(__ENV.SETUP_S || 0.3);

export const options = { vus: 2, iterations: 2 };

export function setup() {
  const setupStart = Date.now();
  sleep(SETUP_S);
  return { setupStart };
}

export default function () {
  initEnd.add(initDoneAt);
  iterStart.add(Date.now());
  things.add(3);
}

export function teardown(data) {
  return data;
}

export function handleSummary(data) {
  return { stdout: JSON.stringify({ summaryAt: Date.now(), setupStart: data.setup_data.setupStart, durationMs: data.state.testRunDurationMs, metrics: data.metrics }) };
}
