/** The formats `loadgate trend` writes, and their file names (no dependencies: the CLI reads it for --help). */
export type TrendFormat = 'html' | 'markdown';
export const TREND_FORMATS: readonly TrendFormat[] = ['html', 'markdown'];
export const TREND_FILE_NAMES: Record<TrendFormat, string> = { html: 'trend.html', markdown: 'trend.md' };
