/**
 * JSON Schema of loadgate.config.ts. `additionalProperties: false` everywhere so a
 * misspelt key is rejected by name instead of silently ignored.
 */
import { PATH_NAME } from '../core/path-names.js';

const thresholdSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metric', 'expression'],
  properties: {
    metric: { type: 'string', minLength: 1 },
    expression: { type: 'string', minLength: 1 },
    warn: { type: 'string', minLength: 1 },
  },
} as const;

const gatingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metric', 'stat'],
  properties: {
    metric: { type: 'string', minLength: 1 },
    stat: { type: 'string', minLength: 1 },
    direction: { enum: ['lower', 'higher'] },
    minEffectPct: { type: 'number', minimum: 0 },
    gate: { type: 'boolean' },
    effectFloor: { type: 'number', minimum: 0 },
    expect: {
      type: 'object',
      additionalProperties: false,
      required: ['factor'],
      properties: { factor: { type: 'number', exclusiveMinimum: 0 } },
    },
  },
} as const;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const userConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    target: {
      type: 'object',
      additionalProperties: false,
      properties: { url: { type: 'string', minLength: 1 }, metricsUrl: { type: 'string', minLength: 1 } },
    },
    base: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ref: { type: ['string', 'null'], minLength: 1 },
        build: { type: ['string', 'null'], minLength: 1 },
        command: { type: 'string', minLength: 1 },
        startTimeoutMs: { type: 'integer', minimum: 1000, maximum: 3_600_000 },
        keepBuilds: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
    profiles: {
      type: 'object',
      // A profile names results, baseline and history files.
      propertyNames: { pattern: PATH_NAME.source },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          repetitions: { type: 'integer', minimum: 1, maximum: 1000 },
          warmupRepetitions: { type: 'integer', minimum: 0, maximum: 100 },
          targetSeed: { type: 'integer', minimum: 0, maximum: 100_000_000 },
          env: { type: 'object', additionalProperties: stringMap },
          keepHistory: { type: 'boolean' },
        },
      },
    },
    scenarios: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          file: { type: 'string', minLength: 1 },
          thresholds: { type: 'array', items: thresholdSchema },
          gating: { type: 'array', items: gatingSchema },
          env: stringMap,
        },
      },
    },
    compare: {
      type: 'object',
      additionalProperties: false,
      properties: {
        alpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        confirmAlpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        confidence: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        minEffectPct: { type: 'number', minimum: 0 },
        correction: { enum: ['none', 'holm', 'bh'] },
      },
    },
    resultsDir: { type: 'string', minLength: 1 },
    baselinesDir: { type: 'string', minLength: 1 },
    reportsDir: { type: 'string', minLength: 1 },
    historyDir: { type: 'string', minLength: 1 },
  },
} as const;
