// about: a syntax error (exit 107) and where k6 says it is
// conformance: {}
export const options = { iterations: 1 };
export default function () {
  const x = ;
}
