// about: handleSummary's data (options, state, metric types and contains) and its file outputs
// conformance: {"stdout":true}
import http from 'k6/http';
import { check, group } from 'k6';
export const options = { iterations: 1, thresholds: { http_reqs: ['count==1'] } };
export default function () {
  group('g', () => check(http.get(`${__ENV.BASE_URL}/health`), { ok: (r) => r.status === 200 }));
}
export function handleSummary(data) {
  const metrics = Object.entries(data.metrics)
    .map(([name, m]) => `${name}:${m.type}/${m.contains}${m.thresholds ? ` thresholds=${JSON.stringify(m.thresholds)}` : ''}`)
    .sort();
  const groups = data.root_group.groups.map((g) => `${g.path} checks=${g.checks.map((c) => `${c.name}:${c.passes}/${c.fails}`).join(',')}`);
  const text = [
    // k6 builds data.options from a Go map: key order varies from run to run.
    `options: ${Object.keys(data.options).sort().map((k) => `${k}=${JSON.stringify(data.options[k])}`).join(' ')}`,
    `state keys: ${Object.keys(data.state).sort().join(',')}`,
    `isStdOutTTY: ${data.state.isStdOutTTY}`,
    ...metrics,
    ...groups,
  ].join('\n');
  return { stdout: `${text}\n`, 'summary.json': JSON.stringify({ n: Object.keys(data.metrics).length }) };
}
