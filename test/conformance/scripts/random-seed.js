// about: randomSeed() makes Math.random repeat its sequence for the same seed (the numbers are not compared: k6 seeds Go's math/rand)
// conformance: {"counts":["checks"]}
import { check, randomSeed } from 'k6';
export const options = { vus: 2, iterations: 4 };
randomSeed(7);
const initFirst = Math.random();
export default function () {
  randomSeed(7);
  const again = Math.random();
  randomSeed(1234567890123);
  const a = [Math.random(), Math.random(), Math.random()];
  randomSeed(1234567890123);
  const b = [Math.random(), Math.random(), Math.random()];
  check(null, {
    'same seed, same sequence': () => again === initFirst && a.join() === b.join(),
    'values in [0, 1) and not all equal': () => a.every((v) => v >= 0 && v < 1) && new Set(a).size === 3,
    'another seed, another sequence': () => a[0] !== again,
  });
}
