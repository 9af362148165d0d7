// about: SharedArray over open()'d JSON, open() in binary mode, and what a SharedArray refuses
// conformance: {"counts":["checks"]}
import { SharedArray } from 'k6/data';
import { check } from 'k6';
const users = new SharedArray('users', () => JSON.parse(open('./data.json')));
const bytes = open('./data.json', 'b');
export const options = { iterations: 2 };
export default function () {
  check(users, {
    'length and items': (u) => u.length === 3 && u[1].name === 'bob' && u[2].id === 3,
    'iterates': (u) => [...u].map((x) => x.name).join() === 'alice,bob,carol',
    'out of range is undefined': (u) => u[7] === undefined,
  });
  check(bytes, { 'binary open is an ArrayBuffer': (b) => b instanceof ArrayBuffer && b.byteLength > 40 });
  let threw = false;
  try {
    users[0].name = 'mallory';
  } catch (e) {
    threw = true;
  }
  check(users, { 'items are frozen': (u) => u[0].name === 'alice', 'writing throws': () => threw });
}
