/**
 * Turns one side of a comparison — one or more files of any supported kind — into one
 * ResultsFile. Several files on a side are repetitions: their scenarios are joined by
 * name and the repetitions concatenated, whether they are loadgate results files (two
 * `loadgate run -n 3` runs give six samples) or foreign outputs (five k6 runs give a
 * five-repetition scenario). A side may not mix loadgate files with foreign ones, or
 * foreign tools with each other: those samples would not measure the same thing.
 */
import { stat } from 'node:fs/promises';
import { InputFileError, UsageError } from '../../core/errors.js';
import type { Environment, ResultsFile, ScenarioResult, TargetThreshold } from '../results.js';
import { RESULTS_SCHEMA } from '../results.js';
import { captureEnvironment } from '../environment.js';
import { newRunId, readResultsFile } from '../results-store.js';
import { importAutocannon } from './autocannon-import.js';
import { detectInput } from './detect-input.js';
import { importGoBench } from './go-bench-import.js';
import type { ImportedFile, ImportedScenario } from './imported.js';
import { importK6JsonLines } from './k6-json-lines-import.js';
import { importHandleSummary, importSummaryExport } from './k6-summary-import.js';

export interface LoadInputsOptions {
  /** Rename the single scenario of k6 and autocannon imports. @default IMPORTED_SCENARIO ('imported') */
  scenario?: string;
  /** Environment recorded for foreign files. @default the current machine (captureEnvironment) */
  environment?: Environment;
}

/** Imports one foreign file, whatever its kind (loadgate files are read by loadInputs). */
export async function importFile(file: string): Promise<ImportedFile | ResultsFile> {
  const detected = await detectInput(file);
  const mtime = async () => (await stat(file)).mtime;
  switch (detected.kind) {
    case 'loadgate':
      return readResultsFile(file);
    case 'k6-handle-summary':
      return importHandleSummary(file, detected.data, await mtime());
    case 'k6-summary-export':
      return importSummaryExport(file, detected.data, await mtime());
    case 'autocannon':
      return importAutocannon(file, detected.data);
    case 'k6-json-lines':
      return importK6JsonLines(file, detected.gzip);
    case 'go-bench':
      return importGoBench(file, detected.text, await mtime());
  }
}

const isResultsFile = (x: ImportedFile | ResultsFile): x is ResultsFile => 'schema' in x;

function thresholdKey(t: TargetThreshold): string {
  return `${t.metric}\u0000${t.expression}\u0000${t.warn ?? ''}`;
}

/** Joins scenarios by name, concatenating repetitions (re-indexed) and the thresholds of all. */
function joinScenarios(lists: Array<Array<ScenarioResult | ImportedScenario>>): ScenarioResult[] {
  const byName = new Map<string, ScenarioResult>();
  for (const list of lists) {
    for (const sc of list) {
      const joined = byName.get(sc.name);
      if (!joined) {
        byName.set(sc.name, { file: 'file' in sc ? sc.file : '', ...sc, repetitions: sc.repetitions.map((r, index) => ({ ...r, index })), thresholds: [...sc.thresholds] });
        continue;
      }
      for (const rep of sc.repetitions) joined.repetitions.push({ ...rep, index: joined.repetitions.length });
      const seen = new Set(joined.thresholds.map(thresholdKey));
      for (const t of sc.thresholds) if (!seen.has(thresholdKey(t))) joined.thresholds.push(t);
      if (joined.gating.length === 0) joined.gating = sc.gating;
    }
  }
  return [...byName.values()];
}

function concatResults(files: string[], runs: ResultsFile[]): ResultsFile {
  const first = runs[0] as ResultsFile;
  if (runs.length === 1) return first;
  runs.forEach((r, i) => {
    if (r.environment.fingerprint !== first.environment.fingerprint) {
      throw new InputFileError(files[i] as string, 'environment.fingerprint', `measured on another machine kind (${r.environment.fingerprint}) than ${files[0]} (${first.environment.fingerprint}); repetitions of one side must come from one environment`);
    }
  });
  return {
    ...first,
    runId: `${first.runId}+${runs.length - 1}`,
    complete: runs.every((r) => r.complete),
    scenarios: joinScenarios(runs.map((r) => r.scenarios)),
  };
}

async function foreignResults(files: ImportedFile[], options: LoadInputsOptions): Promise<ResultsFile> {
  const first = files[0] as ImportedFile;
  const other = files.find((f) => f.engine.name !== first.engine.name);
  if (other) throw new UsageError(`${other.file} (${other.kind}) and ${first.file} (${first.kind}) come from different tools; give one tool's outputs per side`);
  const rename = options.scenario;
  // A scenario's `file` is where it came from: the first imported file that has it.
  const scenarios = files.map((f) => f.scenarios.map((s) => ({ ...s, file: f.file, name: rename && f.kind !== 'go-bench' ? rename : s.name })));
  const url = files.find((f) => f.targetUrl !== undefined)?.targetUrl;
  return {
    schema: RESULTS_SCHEMA,
    runId: newRunId('imported'),
    createdAt: new Date().toISOString(),
    profile: 'imported',
    complete: true,
    engine: { name: first.engine.name, version: [...new Set(files.map((f) => f.engine.version))].join(', ') },
    environment: options.environment ?? (await captureEnvironment()),
    target: {
      url: url ?? 'unknown',
      kind: 'external',
      options: {
        importedFrom: files.map((f) => ({ file: f.file, kind: f.kind })),
        note: 'imported: the environment is the machine that imported these files, not necessarily the one that measured them',
      },
    },
    scenarios: joinScenarios(scenarios),
  };
}

/**
 * Reads one side of a comparison: loadgate results files, k6 handleSummary JSON, k6
 * `--summary-export`, k6 `--out json` lines (plain or .gz, streamed), `autocannon --json`
 * output, or Go benchmark text, detected by content. Throws InputFileError (exit 2)
 * naming the file and the line or key of a malformed or truncated file; UsageError when
 * no file is given or a side mixes kinds that cannot be repetitions of one another.
 */
export async function loadInputs(paths: string[], options: LoadInputsOptions = {}): Promise<ResultsFile> {
  if (paths.length === 0) throw new UsageError('no input files given');
  const loaded = await Promise.all(paths.map((p) => importFile(p)));
  const ours = loaded.filter(isResultsFile);
  if (ours.length === loaded.length) return concatResults(paths, ours);
  if (ours.length > 0) {
    const foreign = loaded.find((x) => !isResultsFile(x)) as ImportedFile;
    throw new UsageError(`${paths[loaded.indexOf(ours[0] as ResultsFile)]} is a loadgate results file but ${foreign.file} is ${foreign.kind} output; give one kind of file per side`);
  }
  return foreignResults(loaded as ImportedFile[], options);
}
