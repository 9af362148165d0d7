// about: a script that exports no default function and no scenarios exec
// conformance: {}
export const options = { iterations: 1 };
export function notDefault() {}
