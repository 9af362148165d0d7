/** Pure statistics over numbers: the median and its interval, the U test, corrections, expected change, paired tests. */
export {
  median,
  medianCi,
  summarizeSamples,
  quantileCiOrders,
  minSamplesForMedianCi,
  ciHalfWidthPct,
  medianOfSorted,
  quantileOfSorted,
} from './median-ci.js';
export type { MedianCi, QuantileCiOrders, SampleSummary } from './median-ci.js';
export { mannWhitneyU, minPossibleP, minSamplesToDetect, tooFewSamplesNote } from './mann-whitney.js';
export type { MannWhitneyResult } from './mann-whitney.js';
export { adjustPValues, holmAdjust, benjaminiHochbergAdjust, describeCorrection, type Correction } from './correction.js';
export { judgeExpectation, describeExpectation, ratioCiOrder, mannWhitneyNullCdf, minSamplesForRatioCi, EXACT_RATIO_CI_LIMIT } from './expected-change.js';
export type { Direction, ExpectedChange, ExpectationVerdict } from './expected-change.js';
