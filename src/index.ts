/**
 * loadgate's library API: every stage of the data flow, usable without the CLI.
 * scenarios → bundleScenario → runSuite (engine × target) → compareRuns → render*Report.
 */
export { defineConfig, loadConfig, type ResolvedConfig, type UserConfig } from './config/index.js';
export { bundleScenario, type BundleResult } from './bundle/index.js';
export { runScript, type EngineRunOptions, type EngineRunResult } from './engine/index.js';
export { runSuite, type RunSuiteOptions, type RunSuiteResult, type RunEvent } from './runner/run-suite.js';
export { runGate, type GateOptions, type GateOutcome } from './gate/stored-gate.js';
export { runAb, type AbOptions, type AbOutcome } from './gate/ab.js';
export { runBaseRefGate, type BaseRefGateOptions, type BaseRefOutcome } from './gate/base-ref.js';
export { judgeDrift, type DriftGuardSettings } from './compare/drift-guard.js';
export { readResultsFile, writeResultsFile } from './results/results-store.js';
export { captureEnvironment } from './results/environment.js';
export { saveBaseline, findBaseline } from './history/baseline-store.js';
export { compareRuns, judgeThresholds, mergeInstances, mergeSummaries, judgeExpectation } from './compare/index.js';
export { loadInputs, type LoadInputsOptions } from './results/importers/index.js';
export type * from './compare/model.js';
export { renderHtmlReport, renderMarkdownReport, renderJunitReport, writeReports } from './report/index.js';
export { startTarget, type TargetOptions } from './target/index.js';
export * from './core/errors.js';
export type * from './results/results.js';
export type * from './core/k6-summary.js';
