// about: a threshold aggregation the metric's type has not (rate on a Trend sub-metric): exit 104, k6's list of what it has
// conformance: {}
export const options = { iterations: 1, thresholds: { 'http_req_duration{status:200}': ['rate < 0.1'] } };
export default function () {}
