// about: a blacklistIPs entry that is not a CIDR range stops the script while loading, in k6's words
// conformance: {}
export const options = { iterations: 1, blacklistIPs: ['10.0.0.0/8', '10.0.0.1'] };
export default function () {}
