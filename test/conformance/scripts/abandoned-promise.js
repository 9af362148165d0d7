// about: an async default function awaiting a promise nothing can settle: k6 ends the iteration once its event loop is empty
// conformance: {"counts":["iterations","http_reqs"]}
import http from 'k6/http';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 2, iterations: 4, maxDuration: '20s' } } };
export default async function () {
  await http.asyncRequest('GET', `${__ENV.BASE_URL}/health`);
  console.log('before');
  await new Promise(() => {});
  console.log('never');
}
