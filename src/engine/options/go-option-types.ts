/**
 * k6 reads a script's options by JSON-decoding them into Go's lib.Options. A value of the wrong
 * JSON type stops the script from loading, in Go's words, before any option is checked (exit
 * 104; k6 v0.49: 255), and some wrong types are quietly taken as "unset". This is each option's
 * Go type as both binaries decode it, probed with a number, a string, a bool, an array and an
 * object for every option (test/conformance/scripts/option-types-*.js run some on both).
 *
 * k6 decodes the options marshalled as JSON with sorted keys, and Go's decoder treats two kinds
 * of error differently: a plain field of the wrong type is noted and decoding goes on (the first
 * one noted is reported at the end), while a type that decodes itself (the null types,
 * durations, hosts, scenarios…) stops decoding at once, and its error wins. k6 v2 prefixes a struct-field error with a stretch of
 * that JSON (`parsing options from script got error while parsing "\"tags\": 5": …`); the
 * stretch is reproduced for a top-level value and for an element of a list or map, and given as
 * `"key":` where k6 points into a value its own decoder re-reads.
 */
import type { K6Compat } from '../k6-compat.js';
import { decodeNullInt, decodeScenarioWholeNumbers, decodeStages, nullTypeObjectValue } from './go-null-int.js';
import { ScriptLoadOptionsError } from '../invalid-options-error.js';
import { checkDnsEnum, DNS_POLICIES, DNS_SELECTS } from './dns-options.js';
import { parseK6Duration } from '../../core/go-parse-duration.js';
import { unknownCipherSuite } from './tls-options.js';

type JsonKind = 'number' | 'string' | 'bool' | 'array' | 'object';

/**
 * How Go decodes one option: guregu's null types (which take an object as "unset"), k6's
 * NullDuration, a plain Go field of `goType` taking `takes`, or a field whose type decodes
 * itself (`custom`: k6 v2 then quotes a different stretch of the JSON).
 */
type GoField =
  | { kind: 'null.Int' | 'null.Bool' | 'null.String' | 'duration' }
  | { kind: 'field'; goType: string; takes: JsonKind[]; custom?: boolean; elements?: { goType: string; takes: JsonKind[]; custom?: boolean } };

/** The names k6 takes for a TLS version. */
const TLS_VERSIONS = ['ssl3.0', 'tls1.0', 'tls1.1', 'tls1.2', 'tls1.3'];

const STRINGS = { goType: 'string', takes: ['string'] as JsonKind[] };

const FIELDS: Record<string, GoField> = {
  batch: { kind: 'null.Int' },
  batchPerHost: { kind: 'null.Int' },
  blacklistIPs: { kind: 'field', goType: '[]*lib.IPNet', takes: ['array'], elements: { goType: '*lib.IPNet', takes: ['string'] } },
  blockHostnames: { kind: 'field', goType: '[]string', takes: ['array'], custom: true, elements: STRINGS },
  discardResponseBodies: { kind: 'null.Bool' },
  dns: { kind: 'field', goType: 'struct { TTL null.String "json:\\"ttl\\""; Select types.NullDNSSelect "json:\\"select\\""; Policy types.NullDNSPolicy "json:\\"policy\\"" }', takes: ['object'], custom: true },
  duration: { kind: 'duration' },
  executionSegment: { kind: 'field', goType: '*lib.ExecutionSegment', takes: ['string'] },
  executionSegmentSequence: { kind: 'field', goType: '*lib.ExecutionSegmentSequence', takes: ['string'] },
  ext: { kind: 'field', goType: 'map[string]json.RawMessage', takes: ['object'] },
  hosts: { kind: 'field', goType: 'map[string]string', takes: ['object'], custom: true, elements: STRINGS },
  httpDebug: { kind: 'null.String' },
  insecureSkipTLSVerify: { kind: 'null.Bool' },
  iterations: { kind: 'null.Int' },
  // k6's config file's own field (cmd.Config, beside the options): a script's is dropped before decoding (knownScriptOptions).
  linger: { kind: 'null.Bool' },
  maxRedirects: { kind: 'null.Int' },
  metricSamplesBufferSize: { kind: 'null.Int' },
  minIterationDuration: { kind: 'duration' },
  noConnectionReuse: { kind: 'null.Bool' },
  noCookiesReset: { kind: 'null.Bool' },
  noSetup: { kind: 'null.Bool' },
  noTeardown: { kind: 'null.Bool' },
  noVUConnectionReuse: { kind: 'null.Bool' },
  paused: { kind: 'null.Bool' },
  rps: { kind: 'null.Int' },
  scenarios: { kind: 'field', goType: 'map[string]lib.protoExecutorConfig', takes: ['object'], custom: true },
  setupTimeout: { kind: 'duration' },
  stages: { kind: 'field', goType: '[]lib.Stage', takes: ['array'] },
  summaryTimeUnit: { kind: 'null.String' },
  summaryTrendStats: { kind: 'field', goType: '[]string', takes: ['array'], elements: STRINGS },
  systemTags: { kind: 'field', goType: '[]string', takes: ['array'], custom: true, elements: STRINGS },
  tags: { kind: 'field', goType: 'map[string]string', takes: ['object'], elements: STRINGS },
  teardownTimeout: { kind: 'duration' },
  thresholds: { kind: 'field', goType: 'map[string]metrics.Thresholds', takes: ['object'] },
  throw: { kind: 'null.Bool' },
  tlsAuth: { kind: 'field', goType: '[]*lib.TLSAuth', takes: ['array'], elements: { goType: 'lib.TLSAuthFields', takes: ['object'], custom: true } },
  tlsCipherSuites: { kind: 'field', goType: '[]string', takes: ['array'], custom: true, elements: STRINGS },
  tlsVersion: { kind: 'field', goType: 'lib.tlsVersionsFields', takes: ['object', 'string'], custom: true },
  userAgent: { kind: 'null.String' },
  vus: { kind: 'null.Int' },
};

function kindOf(v: unknown): JsonKind {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/**
 * The script's options with every value decoded as k6 decodes it: whole numbers read as Go's
 * null.Int (`vus: "2"` is 2), values Go takes as unset removed (`noSetup: {}`), and the first
 * value of a type Go cannot decode refused with ScriptLoadOptionsError in k6's words. Options
 * the table does not know are left as they are, for the option checks after.
 */
export function decodeScriptOptions(raw: Record<string, unknown>, compat: K6Compat): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  const noted: { first?: ScriptLoadOptionsError } = {};
  for (const key of Object.keys(raw).sort()) {
    const field = FIELDS[key];
    const value = raw[key];
    if (!field || value === undefined) continue;
    if (value === null) {
      // Go leaves a field it reads null from unset.
      delete out[key];
      continue;
    }
    const decoded = decodeField(key, field, value, compat, noted);
    if (decoded === undefined) delete out[key];
    else out[key] = decoded;
  }
  if (noted.first) throw noted.first;
  return out;
}

/** A plain field's wrong type: Go notes the first and decodes on. */
function note(noted: { first?: ScriptLoadOptionsError }, error: ScriptLoadOptionsError): undefined {
  noted.first ??= error;
  return undefined;
}

function decodeField(key: string, field: GoField, value: unknown, compat: K6Compat, noted: { first?: ScriptLoadOptionsError }): unknown {
  const kind = kindOf(value);
  const refuse = (reason: string, message: string): never => {
    throw new ScriptLoadOptionsError(key, message, reason);
  };
  switch (field.kind) {
    case 'null.Int':
      return decodeNullInt(value, key, `Options.${key}`, key, compat);
    case 'null.Bool':
    case 'null.String': {
      const wanted = field.kind === 'null.Bool' ? 'bool' : 'string';
      if (kind === wanted) return value;
      // guregu's null types read an object as Go's sql.Null* struct (set, the zero value without its field), and say nothing of an array's kind.
      if (kind === 'object') return field.kind === 'null.Bool' ? nullTypeObjectValue(value as Record<string, unknown>, 'Bool', false) : nullTypeObjectValue(value as Record<string, unknown>, 'String', '');
      const goKind = kind === 'number' ? 'float64' : kind === 'array' ? '' : kind;
      return refuse(`json: cannot unmarshal ${goKind} into Go value of type ${field.kind}`, `must be ${wanted === 'bool' ? 'true or false' : 'a string'}, got ${JSON.stringify(value)}`);
    }
    case 'duration': {
      if (kind === 'string') checkDurationText(key, value as string);
      if (kind === 'number' || kind === 'string') return value;
      // k6 quotes the value as it marshalled it: indented under v2 (one level deep), compact under v0.49.
      const quoted = kind === 'bool' ? String(value) : compat === 'v0.49' ? JSON.stringify(value) : JSON.stringify(sortedKeys(value), null, 2).replace(/\n/g, '\n  ');
      return refuse(`'${quoted}' is not a valid duration value`, `invalid duration ${JSON.stringify(value)}; use a duration like "30s", "1m30s", "500ms" or "2h"`);
    }
    case 'field': {
      // A string tlsVersion must name a version; k6 then tries the {min, max} form and fails on it.
      const badVersion = key === 'tlsVersion' && kind === 'string' && !TLS_VERSIONS.includes(value as string);
      if (!field.takes.includes(kind) || badVersion) {
        const message = `must be ${article(field.takes)}, got ${JSON.stringify(value)}`;
        if (field.custom) return refuse(structFieldError(compat, customSnippet(key, kind), kind, key, field.goType), message);
        const snippet = `"${key}": ${kind === 'array' ? '[' : kind === 'object' ? '{' : JSON.stringify(value)}`;
        return note(noted, new ScriptLoadOptionsError(key, message, structFieldError(compat, snippet, kind, key, field.goType)));
      }
      if (field.elements && (kind === 'array' || kind === 'object')) {
        const wrong = wrongElement(key, field, value as Record<string, unknown>, compat);
        // An element that decodes itself stops decoding; a plain one is noted, and the field keeps the rest.
        if (wrong) return field.elements.custom || field.custom ? refuse(wrong.reason, wrong.message) : note(noted, wrong);
      }
      if (key === 'tlsCipherSuites' && kind === 'array') {
        const unknown = unknownCipherSuite(value as unknown[]);
        if (unknown !== undefined) refuse(unknown, `${unknown}; use Go's names, as in "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"`);
      }
      if (key === 'dns' && kind === 'object') checkDnsFields(value as Record<string, unknown>, compat);
      if (key === 'tlsVersion' && kind === 'object') {
        // Its {min, max} form is decoded with unknown fields refused.
        const unknown = Object.keys(value as object).sort().find((k) => k !== 'min' && k !== 'max');
        if (unknown !== undefined) refuse(`json: unknown field ${JSON.stringify(unknown)}`, `unknown key ${JSON.stringify(unknown)}; valid keys: min, max`);
      }
      if (key === 'stages') {
        const stages = decodeStages(value, 'stages', 'Options.stages', 'stages', compat);
        checkStageDurations('stages', stages);
        return stages;
      }
      if (key === 'scenarios') {
        const scenarios = decodeScenarioWholeNumbers(value as Record<string, unknown>, compat);
        for (const [name, scenario] of Object.entries(scenarios)) {
          if (!scenario || typeof scenario !== 'object') continue;
          const s = scenario as Record<string, unknown>;
          for (const k of SCENARIO_DURATIONS) if (typeof s[k] === 'string') checkDurationText(`scenarios.${name}.${k}`, s[k] as string);
          checkStageDurations(`scenarios.${name}.stages`, s.stages);
        }
        return scenarios;
      }
      return value;
    }
  }
}

/**
 * `dns`'s fields as k6's DNSConfig decodes them (unknown ones ignored): policy, then select,
 * then ttl, whatever their order in the script (as k6 v2.2.0 and v0.49.0 report them).
 */
function checkDnsFields(dns: Record<string, unknown>, compat: K6Compat): void {
  for (const field of ['policy', 'select'] as const) {
    const v = dns[field];
    if (v === undefined || v === null) continue;
    const kind = kindOf(v);
    if (kind !== 'string') {
      const go = compat === 'v0.49' ? structFieldError(compat, '', kind, 'dns', 'string') : structFieldError(compat, customSnippet('dns', kind), kind, `dns.${field}`, 'string');
      throw new ScriptLoadOptionsError(`dns.${field}`, `must be a string, got ${JSON.stringify(v)}`, go);
    }
    try {
      checkDnsEnum(field, v as string);
    } catch (err) {
      const valid = (field === 'select' ? DNS_SELECTS : DNS_POLICIES).join(', ');
      throw new ScriptLoadOptionsError(`dns.${field}`, `${JSON.stringify(v)} is not one of ${valid}`, (err as Error).message);
    }
  }
  const ttl = dns.ttl;
  if (ttl === undefined || ttl === null || typeof ttl === 'string' || kindOf(ttl) === 'object') return;
  // guregu's null.String: Go's name of the kind it read (an array's has none).
  const kind = kindOf(ttl);
  const goKind = kind === 'number' ? 'float64' : kind === 'array' ? '' : kind;
  throw new ScriptLoadOptionsError('dns.ttl', `must be a string, got ${JSON.stringify(ttl)}`, `json: cannot unmarshal ${goKind} into Go value of type null.String`);
}

/** A scenario's durations, which k6 decodes as it loads the script. */
const SCENARIO_DURATIONS = ['duration', 'gracefulRampDown', 'gracefulStop', 'maxDuration', 'startTime', 'timeUnit'];

/** k6 reads a duration's text as it decodes the options: one it cannot read stops the script with Go's words. */
function checkDurationText(key: string, text: string): void {
  const parsed = parseK6Duration(text);
  if (!parsed.ok) throw new ScriptLoadOptionsError(key, `invalid duration ${JSON.stringify(text)}; use a duration like "30s", "1m30s", "500ms" or "2h"`, parsed.error);
}

function checkStageDurations(key: string, stages: unknown): void {
  if (!Array.isArray(stages)) return;
  stages.forEach((stage, i) => {
    const d = (stage as { duration?: unknown } | null)?.duration;
    if (typeof d === 'string') checkDurationText(`${key}[${i}].duration`, d);
  });
}

/** The first element of a list or map of the wrong type (a null is a zero value to Go). */
function wrongElement(key: string, field: Extract<GoField, { kind: 'field' }>, value: Record<string, unknown> | unknown[], compat: K6Compat): ScriptLoadOptionsError | undefined {
  const elements = field.elements!;
  // A list's elements by index, a map's by key in Go's (sorted) order.
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, v] of entries) {
    if (v === null || v === undefined) continue;
    const kind = kindOf(v);
    if (elements.takes.includes(kind)) continue;
    const literal = kind === 'array' ? '[' : kind === 'object' ? '{' : JSON.stringify(v);
    const snippet = elements.custom ? customSnippet(key, kind) : field.custom ? `"${key}":` : typeof name === 'number' ? literal : `"${name}": ${literal}`;
    const where = typeof name === 'number' ? `${key}[${name}]` : `${key}.${name}`;
    return new ScriptLoadOptionsError(where, `must be ${article(elements.takes)}, got ${JSON.stringify(v)}`, structFieldError(compat, snippet, kind, key, elements.goType));
  }
  return undefined;
}

/**
 * Where k6 v2 says a value its own decoder re-reads went wrong: it measures from the start of
 * the options JSON, so a number or a list lands on the opening `{`, a string or a bool on the key.
 */
function customSnippet(key: string, kind: JsonKind): string {
  return kind === 'number' || kind === 'array' ? '{' : `"${key}":`;
}

/** Go's error for a struct field of the wrong type; k6 v2 puts the stretch of JSON it stopped at first. */
function structFieldError(compat: K6Compat, snippet: string, kind: JsonKind, key: string, goType: string): string {
  const go = `json: cannot unmarshal ${kind} into Go struct field Options.${key} of type ${goType}`;
  return compat === 'v0.49' ? go : `parsing options from script got error while parsing ${JSON.stringify(snippet)}: ${go}`;
}

function article(takes: JsonKind[]): string {
  return takes.map((k) => ({ number: 'a number', string: 'a string', bool: 'true or false', array: 'a list', object: 'an object' })[k]).join(' or ');
}

/** A copy with object keys in Go's marshalling order (sorted), as k6 quotes a value. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]));
  return v;
}
