export { bundleScenario, K6_SYNTAX_TARGET, type BundleOptions, type BundleResult } from './bundle-scenario.js';
export { typecheckScenarios } from './typecheck.js';
