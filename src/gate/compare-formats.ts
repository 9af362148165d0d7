/** Output formats of `loadgate compare` (no dependencies: the CLI reads it for --help). */
export const COMPARE_FORMATS = ['text', 'markdown', 'json', 'csv', 'benchstat'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];
