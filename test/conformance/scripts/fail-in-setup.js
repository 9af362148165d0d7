// about: fail() in setup ends the test (exit 107) before any iteration
// conformance: {"counts":["iterations"]}
import { fail } from 'k6';
export const options = { iterations: 3 };
export function setup() {
  fail('setup cannot continue');
}
export default function () {}
