import type { ResolvedConfig } from '../config/index.js';
import type { OutputDir } from '../core/output-dir.js';

/**
 * The directories a gate writes after measuring, checked before any load: its reports, and the
 * history when `profile` keeps one (its keepHistory setting; `ab` keeps none: pass null).
 */
export function gateOutputDirs(options: { config: ResolvedConfig; reportDir?: string }, profile: string | null): OutputDir[] {
  const dirs: OutputDir[] = [
    options.reportDir ? { dir: options.reportDir, what: 'report directory (--report-dir)' } : { dir: options.config.reportsDir, what: 'reports directory (config reportsDir)' },
  ];
  if (profile !== null && options.config.profiles[profile]?.keepHistory === true) dirs.push({ dir: options.config.historyDir, what: 'history directory (config historyDir)' });
  return dirs;
}
