// about: a .ts script that is JavaScript as it stands: k6 v2 parses it as JavaScript (goja's 1-based columns in the stack, no source map), where a script with types is compiled and mapped (typescript.ts)
// conformance: {"counts":["iterations"]}
export const options = { iterations: 1 };
export default function () {
  console.log('plain');
  throw new Error('from a plain .ts');
}
