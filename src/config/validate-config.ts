import { Ajv, type ErrorObject } from 'ajv';
import { ConfigError } from '../core/errors.js';
import { parseMetricSelector, parseThresholdExpression, statProblem } from '../core/threshold-expression.js';
import { DEFAULT_SCENARIOS } from './defaults.js';
import { userConfigSchema } from './schema.js';
import type { UserConfig } from './types.js';
import { pathNameProblem } from '../core/path-names.js';

const ajv = new Ajv({ allErrors: false, strict: true });
const validateSchema = ajv.compile(userConfigSchema);

/** Validates a loaded config object, naming the key and what would be valid. */
export function validateUserConfig(raw: unknown, file: string): UserConfig {
  if (!validateSchema(raw)) {
    const err = validateSchema.errors?.[0];
    throw err ? schemaError(err, file) : new ConfigError(file, '', 'invalid config');
  }
  const config = raw as UserConfig;
  for (const [name, scenario] of Object.entries(config.scenarios ?? {})) {
    if (scenario.file === undefined && !(name in DEFAULT_SCENARIOS)) {
      throw new ConfigError(file, `scenarios.${name}`, `missing required key "file" (only the shipped scenarios ${Object.keys(DEFAULT_SCENARIOS).join(', ')} may omit it)`);
    }
    (scenario.gating ?? []).forEach((g, i) => {
      const problem = statProblem(g.stat);
      if (problem) throw new ConfigError(file, `scenarios.${name}.gating[${i}].stat`, problem);
    });
    (scenario.thresholds ?? []).forEach((t, i) => {
      const key = `scenarios.${name}.thresholds[${i}]`;
      try {
        parseMetricSelector(t.metric);
        parseThresholdExpression(t.expression);
        if (t.warn !== undefined) parseThresholdExpression(t.warn);
      } catch (e) {
        throw new ConfigError(file, key, (e as Error).message);
      }
    });
  }
  return config;
}

function schemaError(err: ErrorObject, file: string): ConfigError {
  const key = err.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  // A key whose name is refused (propertyNames): today only profile names, which name files.
  const badName = (err as ErrorObject & { propertyName?: string }).propertyName;
  if (badName !== undefined) return new ConfigError(file, key ? `${key}.${badName}` : badName, `${pathNameProblem(badName) ?? 'invalid name'}`);
  switch (err.keyword) {
    case 'additionalProperties': {
      const extra = (err.params as { additionalProperty: string }).additionalProperty;
      return new ConfigError(file, key ? `${key}.${extra}` : extra, `unknown key "${extra}"${key ? ` in ${key}` : ''}`);
    }
    case 'enum':
      return new ConfigError(file, key, `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'required':
      return new ConfigError(file, key, `missing required key "${(err.params as { missingProperty: string }).missingProperty}"`);
    default:
      return new ConfigError(file, key, err.message ?? 'invalid value');
  }
}
