// about: require() works in the init context only: k6 v2 refuses it later with a GoError through its require (v0.49 has removed require by then)
// conformance: {"counts":["iterations"]}
export const options = { iterations: 1 };
const fromInit = require('k6/http');
export default function () {
  console.log(`init require gave ${typeof fromInit.get}`);
  const http = require('k6/http');
  console.log(`not reached ${typeof http}`);
}
