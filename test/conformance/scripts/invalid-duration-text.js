// about: a duration's text k6 cannot read stops the script while loading, in Go's words (time: unknown unit "x" in duration "1x"), also inside a scenario; k6's extended forms ("2d", a bare "1500" of milliseconds) are taken
// conformance: {}
export const options = {
  setupTimeout: '2d',
  teardownTimeout: '1500',
  scenarios: { a: { executor: 'shared-iterations', iterations: 1, maxDuration: '1d1x' } },
};
export default function () {}
