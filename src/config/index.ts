export { defineConfig, loadConfig, CONFIG_FILE_NAMES } from './load-config.js';
export { resolveConfig } from './resolve-config.js';
export { validateUserConfig } from './validate-config.js';
export { DEFAULT_PROFILES, DEFAULT_SCENARIOS } from './defaults.js';
export type { ProfileConfig, ResolvedConfig, ScenarioConfig, UserConfig } from './types.js';
