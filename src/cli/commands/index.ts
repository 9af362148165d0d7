import { abCommand } from './ab.js';
import { baselineCommand } from './baseline.js';
import { bisectCommand } from './bisect.js';
import { compareCommand } from './compare.js';
import { gateCommand } from './gate.js';
import { mergeCommand } from './merge.js';
import { probeCommand } from './probe.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { targetCommand } from './target.js';
import { trendCommand } from './trend.js';
import { historyCommand } from './history.js';
import { k6Command } from './k6.js';
import { k8sCommand } from './k8s.js';
import type { CommandModule } from './types.js';

/** Every CLI command, in the order `loadgate --help` lists them. */
export const commandModules: CommandModule[] = [gateCommand, runCommand, abCommand, bisectCommand, compareCommand, probeCommand, reportCommand, baselineCommand, targetCommand, trendCommand, historyCommand, mergeCommand, k8sCommand, k6Command];
