// about: options of the wrong JSON type; k6 names the first in its sorted JSON (tags before vus), quoting that stretch under v2
// conformance: {}
export const options = { vus: true, tags: 5 };
export default function () {}
