// about: options.dns with a select and a policy k6 does not have: the policy is named, whatever the order
// conformance: {}
export const options = { iterations: 1, dns: { select: 'fastest', policy: 'ipv6First', ttl: '1m' } };
export default function () {}
