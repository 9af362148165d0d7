import { join } from 'node:path';
import { bundleScenario } from '../../src/bundle/index.js';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import type { K6Summary } from '../../src/core/k6-summary.js';
import { runScript, type EngineRunResult } from '../../src/engine/index.js';

const silent = { log: () => {}, warn: () => {}, error: () => {} };
const bundles = new Map<string, string>();

/** Bundles a shipped scenario once per test file and runs it in the embedded engine. */
export async function runShippedScenario(name: string, env: Record<string, string>): Promise<EngineRunResult> {
  let bundle = bundles.get(name);
  if (bundle === undefined) {
    bundle = (await bundleScenario({ entry: join(PACKAGE_ROOT, 'scenarios', `${name}.ts`), root: PACKAGE_ROOT })).bundlePath;
    bundles.set(name, bundle);
  }
  return runScript({ scriptPath: bundle, env, console: silent });
}

/** A metric's summary values, failing loudly when the metric is absent. */
export function values(summary: K6Summary, metric: string): Record<string, number> {
  const m = summary.metrics[metric];
  if (m === undefined) throw new Error(`metric ${metric} missing from the summary; present: ${Object.keys(summary.metrics).join(', ')}`);
  return m.values as Record<string, number>;
}

/** Whether a threshold of the summary failed (k6's `ok: false`). */
export function thresholdFailed(summary: K6Summary, metric: string, expression: string): boolean {
  const t = summary.metrics[metric]?.thresholds?.[expression];
  if (t === undefined) throw new Error(`no threshold ${expression} on ${metric}`);
  return !t.ok;
}

/** JSON from the target (test-side cross-checks of what the scenario claims). */
export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}
