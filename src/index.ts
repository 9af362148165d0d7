/**
 * loadgate's library API: every stage of the data flow, usable without the CLI.
 * scenarios → bundleScenario → runSuite (engine × target) → results → compareRuns → render*Report.
 * Stages, ground floor first (scripts/check-imports.mjs): core → stats → benchstat → engine →
 * bundle → results → compare → config → history → report → target → runner → gate → k8s → cli.
 */
export * from './core/errors.js';
export type * from './core/k6-summary.js';
export { judgeExpectation, type Direction, type ExpectedChange } from './stats/index.js';
export { runBenchstat, type BenchstatFormat, type BenchstatInput, type BenchstatOutput } from './benchstat/index.js';
export { runScript, type EngineRunOptions, type EngineRunResult } from './engine/index.js';
export { bundleScenario, type BundleResult } from './bundle/index.js';
export type * from './results/results.js';
export { readResultsFile, writeResultsFile, captureEnvironment, mergeInstances, mergeSummaries, loadInputs, type LoadInputsOptions } from './results/index.js';
export { compareRuns, judgeThresholds, judgeDrift, type DriftGuardSettings } from './compare/index.js';
export type * from './compare/model.js';
export { defineConfig, loadConfig, type ResolvedConfig, type UserConfig } from './config/index.js';
export { saveBaseline, findBaseline } from './history/baseline-store.js';
export { renderHtmlReport, renderMarkdownReport, renderJunitReport, writeReports } from './report/index.js';
export { startTarget, type TargetOptions } from './target/index.js';
export { runSuite, type RunSuiteOptions, type RunSuiteResult, type RunEvent } from './runner/run-suite.js';
export { runK6Script, type K6RunOptions } from './runner/k6-run.js';
export { runGate, type GateOptions, type GateOutcome } from './gate/stored-gate.js';
export { runAb, type AbOptions, type AbOutcome } from './gate/ab.js';
export { runBaseRefGate, type BaseRefGateOptions, type BaseRefOutcome } from './gate/base-ref.js';
export { compareFiles, type CompareFilesOptions, type CompareFilesOutcome } from './gate/compare-files.js';
