// about: an exception in the init context (exit 107)
// conformance: {}
export const options = { iterations: 1 };
const config = JSON.parse('{not json');
export default function () {
  console.log(config);
}
