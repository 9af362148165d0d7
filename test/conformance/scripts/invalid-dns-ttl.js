// about: options.dns.ttl k6 cannot read (days must lead a duration): the script does not load, exit 255
// conformance: {}
export const options = { iterations: 1, dns: { ttl: '1h2d' } };
export default function () {}
