import exec from 'k6/execution';
import { sleep } from 'k6';
export const options = { vus: 2, duration: '20s' };
export default function () { if (exec.vu.iterationInScenario === 2 && __VU === 1) exec.test.abort('enough'); sleep(0.01); }
