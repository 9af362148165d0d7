export const options = { scenarios: { forever: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '1s', gracefulStop: '0s' } } };
export default function () {
  setInterval(() => {}, 50);
}
