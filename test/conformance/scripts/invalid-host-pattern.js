// about: a hosts key with a "*" other than in front stops the script while loading, in k6's words
// conformance: {}
export const options = { iterations: 1, hosts: { '*.a.*': '127.0.0.1' } };
export default function () {}
