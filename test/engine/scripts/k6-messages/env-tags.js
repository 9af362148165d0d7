// A scenario's env reaches __ENV, exec.vu.tags carries scenario and group, exec.test.options has no shortcuts;
// console.* at k6's levels (console.debug only with --verbose).
import exec from 'k6/execution';
import { group } from 'k6';

export const options = {
  tags: { run: 'r1' },
  scenarios: {
    withEnv: { executor: 'per-vu-iterations', vus: 1, iterations: 1, env: { FOO: 'from-scenario', BAR: 'over' }, tags: { kind: 'env' } },
  },
};

const sorted = (o) => JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])));

export default function () {
  console.log(`FOO=${__ENV.FOO} BAR=${__ENV.BAR} GLOBAL=${__ENV.GLOBAL}`);
  console.log(`tags=${sorted(exec.vu.tags)} scenario=${exec.vu.tags.scenario}`);
  group('g1', () => console.log(`metrics.tags=${sorted(exec.vu.metrics.tags)}`));
  const o = exec.test.options;
  console.log(`options vus=${o.vus} iterations=${o.iterations} duration=${o.duration} stages=${o.stages} has=${'vus' in o}`);
  console.info('an info line');
  console.warn('a "quoted" warning x=y');
  console.error('an error line');
  console.debug('a debug line');
  console.log('');
}
