// Exact counts: 100 iterations shared by 7 VUs, and 7 iterations for each of 5 VUs.
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 7, iterations: 100 },
    pervu: { executor: 'per-vu-iterations', vus: 5, iterations: 7 },
  },
  thresholds: { 'iterations{scenario:shared}': ['count==100'], 'iterations{scenario:pervu}': ['count==35'] },
};
let sink = 0;
export default async function () {
  // Uneven iteration lengths, so VUs claim shared iterations at different paces.
  for (let i = 0; i < __VU * 5000; i++) sink += i;
  await Promise.resolve(sink);
}
