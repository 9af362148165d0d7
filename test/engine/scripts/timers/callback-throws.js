import { Counter } from 'k6/metrics';
const after = new Counter('after_throw');
export const options = { iterations: 1 };
export default async function () {
  setTimeout(() => after.add(1), 200);
  setInterval(() => {}, 20);
  setTimeout(() => { throw new Error('thrown in a timer'); }, 5);
  await new Promise((resolve) => setTimeout(resolve, 1));
}
