// about: a number where k6 wants a map it decodes itself (hosts): v2 quotes the opening "{" of its options JSON
// conformance: {}
export const options = { hosts: 5 };
export default function () {}
