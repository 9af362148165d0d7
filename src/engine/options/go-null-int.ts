/**
 * k6 decodes its whole-number options (vus, iterations, stage targets, a scenario's VUs and
 * rates) as Go `null.Int`s: a JSON number must be a whole int64, a string is read with
 * strconv.ParseInt (so `vus: "2"` runs, `"2.0"` and `" 2"` do not), `""` and null leave the
 * option unset, an object is read as Go's sql.NullInt64 (nullTypeObjectValue), anything else
 * is refused. Refusals carry Go's words, exit 104. go-option-types.ts calls these for each option.
 */
import { ScriptLoadOptionsError } from '../invalid-options-error.js';
import type { K6Compat } from '../k6-compat.js';
import { goParseInt } from '../../core/go-strconv.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * The option's value as k6 reads it, undefined when unset. `key` names it for loadgate
 * (`scenarios.a.vus`), `goField` as Go's decoder does (`Options.scenarios.vus`), `topKey` is
 * the top-level option it sits in.
 */
export function decodeNullInt(value: unknown, key: string, goField: string, topKey: string, compat: K6Compat = 'v2'): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && BigInt(value) <= INT64_MAX && BigInt(value) >= INT64_MIN) return value;
    const literal = JSON.stringify(value);
    // k6 v0.49 names only the top-level field (`Options.scenarios`); v2 the whole path, after a
    // stretch of its options JSON near the value, which the engine gives as the option's name.
    const goError = `json: cannot unmarshal number ${literal} into Go struct field ${compat === 'v0.49' ? `Options.${topKey}` : goField} of type int64`;
    throw new ScriptLoadOptionsError(key, `must be a whole number, got ${literal}`, compat === 'v0.49' ? goError : `parsing options from script got error while parsing ${JSON.stringify(JSON.stringify(topKey))}: ${goError}`);
  }
  if (typeof value === 'string') {
    if (value === '') return undefined;
    const parsed = goParseInt(value);
    if (!parsed.ok) throw new ScriptLoadOptionsError(key, `must be a whole number, got ${JSON.stringify(value)}`, parsed.error);
    return parsed.value;
  }
  // guregu's null.Int decodes an object as Go's sql.NullInt64 and then counts it as set: its
  // Int64 field (matched case-insensitively, as Go matches fields), else 0.
  if (!Array.isArray(value) && typeof value === 'object') return nullTypeObjectValue(value as Record<string, unknown>, 'Int64', 0) as number;
  const kind = typeof value === 'boolean' ? 'bool' : '';
  throw new ScriptLoadOptionsError(key, `must be a whole number, got ${JSON.stringify(value)}`, `json: cannot unmarshal ${kind} into Go value of type null.Int`);
}

/**
 * What one of guregu's null types reads from a JSON object: the object decoded as Go's
 * sql.Null* struct, whose value field (`Int64`, `Bool`, `String`) Go matches case-insensitively;
 * the zero value without it. Either way the option counts as set.
 */
export function nullTypeObjectValue(value: Record<string, unknown>, field: 'Int64' | 'Bool' | 'String', zero: number | boolean | string): unknown {
  const key = Object.keys(value).find((k) => k.toLowerCase() === field.toLowerCase());
  const v = key === undefined ? undefined : value[key];
  return typeof v === typeof zero && (typeof v !== 'number' || Number.isInteger(v)) ? v : zero;
}

const SCENARIO_INTS = ['vus', 'iterations', 'startVUs', 'rate', 'startRate', 'preAllocatedVUs', 'maxVUs'];

/**
 * The whole-number fields of each scenario decoded as k6 decodes them (a `""` becomes unset).
 * Scenarios of the wrong shape are left for the scenario checks.
 */
export function decodeScenarioWholeNumbers(scenarios: Record<string, unknown>, compat: K6Compat): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, sc] of Object.entries(scenarios)) {
    if (!sc || typeof sc !== 'object' || Array.isArray(sc)) {
      copy[name] = sc;
      continue;
    }
    const s: Record<string, unknown> = { ...(sc as Record<string, unknown>) };
    for (const field of SCENARIO_INTS) {
      if (!(field in s)) continue;
      const v = decodeNullInt(s[field], `scenarios.${name}.${field}`, `Options.scenarios.${field}`, 'scenarios', compat);
      if (v === undefined) delete s[field];
      else s[field] = v;
    }
    const stages = decodeStages(s.stages, `scenarios.${name}.stages`, 'Options.scenarios.stages', 'scenarios', compat);
    if (stages === undefined) delete s.stages;
    else s.stages = stages;
    copy[name] = s;
  }
  return copy;
}

/** Stage targets decoded as null.Int; anything but a list is left for the stage checks. */
export function decodeStages(stages: unknown, key: string, goField: string, topKey: string, compat: K6Compat): unknown {
  if (!Array.isArray(stages)) return stages;
  return stages.map((st, i) => {
    if (!st || typeof st !== 'object' || Array.isArray(st) || !('target' in st)) return st;
    const copy: Record<string, unknown> = { ...(st as Record<string, unknown>) };
    const target = decodeNullInt(copy.target, `${key}[${i}].target`, `${goField}.target`, topKey, compat);
    if (target === undefined) delete copy.target;
    else copy.target = target;
    return copy;
  });
}
