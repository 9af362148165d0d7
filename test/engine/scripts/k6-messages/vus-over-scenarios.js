// `vus` beside `scenarios`: current k6 runs `vus` iterations on `vus` VUs and warns; k6 v0.49 kept the scenarios.
export const options = { vus: 2, scenarios: { own: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } };

export default function () {}
