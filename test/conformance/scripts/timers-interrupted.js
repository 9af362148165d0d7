// about: a setInterval never cleared keeps its iteration running until the executor stops it hard: the iteration is interrupted and the interval stopped with k6's warning
// (1.5 s, not 1 s: the vus/vus_max ticker fires once a second, and a run that ends near 1 s races it in k6 as in the engine)
// conformance: {"counts":["ticked"]}
import { Counter } from 'k6/metrics';
const ticked = new Counter('ticked');
export const options = { scenarios: { forever: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '1500ms', gracefulStop: '0s' } } };
let once = false;
export default function () {
  setInterval(() => {
    if (!once) ticked.add(1);
    once = true;
  }, 50);
}
