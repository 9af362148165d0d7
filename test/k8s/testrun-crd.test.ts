/**
 * `loadgate k8s` TestRuns against k6-operator's own TestRun CRD schema
 * (test/fixtures/k8s/k6-operator: config/crd/bases/k6.io_testruns.yaml, complete and byte-exact,
 * with its source and licence), checked as the API server checks with strict field validation
 * (`kubectl apply --validate=strict`): types, enums, required fields, and no field the
 * schema does not list, except inside free-form objects (additionalProperties,
 * x-kubernetes-preserve-unknown-fields, or an object schema without properties such as metadata).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildK6OperatorBundle, toYaml } from '../../src/k8s/index.js';
import { runCli } from '../helpers/cli.js';

type Schema = { [key: string]: unknown; properties?: Record<string, Schema>; items?: Schema };

const crd = parse(await readFile(new URL('../fixtures/k8s/k6-operator/k6.io_testruns.yaml', import.meta.url), 'utf8')) as {
  spec: { group: string; names: { kind: string }; versions: Array<{ name: string; schema: { openAPIV3Schema: Schema } }> };
};
const version = crd.spec.versions[0]!;

/** Strict field validation: an object schema that lists its properties admits no others (unless it says it keeps unknown fields). */
function strictFields(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, strictFields(v)]));
    if (schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  }
  if (schema.items) out.items = strictFields(schema.items);
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
// OpenAPI's integer formats, as the API server enforces them.
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
const checkTestRun: ValidateFunction = ajv.compile(strictFields(version.schema.openAPIV3Schema));

/** The CRD's errors for a document, as `path message` lines; also that it is this CRD's kind and version. */
function crdErrors(doc: { apiVersion?: unknown; kind?: unknown }): string[] {
  const errors = checkTestRun(doc) ? [] : (checkTestRun.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  if (doc.apiVersion !== `${crd.spec.group}/${version.name}`) errors.push(`/apiVersion is ${String(doc.apiVersion)}, not ${crd.spec.group}/${version.name}`);
  if (doc.kind !== crd.spec.names.kind) errors.push(`/kind is ${String(doc.kind)}, not ${crd.spec.names.kind}`);
  return errors;
}

/** k8s resource.Quantity, as the CRD's int-or-string quantities spell it. */
const QUANTITY = String.raw`^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`;

const SCENARIOS = ['baseline', 'warm-cache', 'peak', 'sync-stress', 'db-1m'];

describe('loadgate k8s against the k6-operator TestRun CRD', () => {
  it.each(SCENARIOS)('the TestRun for %s fits the CRD', async (scenario) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k8s-crd-'));
    const r = await runCli(['k8s', scenario, '--parallelism', '3', '--out', join(dir, 'm'), '--target', 'http://api.perf.svc:8080', '--namespace', 'perf', '--image', 'grafana/k6:1.0.0'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const testRun = parse(await readFile(join(dir, 'm', 'testrun.yaml'), 'utf8')) as { apiVersion: string; kind: string; spec: { parallelism: number } };
    expect(crdErrors(testRun)).toEqual([]);
    expect(testRun.spec.parallelism).toBe(3);
  }, 60_000);

  it('the check fails on what the API server would refuse', () => {
    const testRun = parse(toYaml(buildK6OperatorBundle({ scenario: 's', bundleName: 's.js', bundleSource: 'export default function () {}\n', exportNames: ['default'], parallelism: 2 }).testRun)) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(crdErrors(testRun)).toEqual([]);
    const bad = (change: (t: any) => void): string[] => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const copy = structuredClone(testRun);
      change(copy);
      return crdErrors(copy);
    };
    expect(bad((t) => (t.spec.runner.volumeMount = t.spec.runner.volumeMounts))).toEqual(['/spec/runner must NOT have additional properties']);
    expect(bad((t) => (t.spec.parallelism = '2'))).toEqual(['/spec/parallelism must be integer']);
    expect(bad((t) => (t.spec.parallelism = 2 ** 31))).toEqual(['/spec/parallelism must match format "int32"']);
    expect(bad((t) => delete t.spec.script)).toEqual(["/spec must have required property 'script'"]);
    expect(bad((t) => (t.spec.cleanup = 'always'))).toEqual(['/spec/cleanup must be equal to one of the allowed values']);
    expect(bad((t) => (t.spec.runner.env[0].valueFrom.fieldRef = { path: 'metadata.name' }))).toEqual([
      "/spec/runner/env/0/valueFrom/fieldRef must have required property 'fieldPath'",
      '/spec/runner/env/0/valueFrom/fieldRef must NOT have additional properties',
    ]);
    expect(bad((t) => (t.spec.runner.volumes[0].persistentVolumeClaim = { name: 'x' }))).toEqual([
      "/spec/runner/volumes/0/persistentVolumeClaim must have required property 'claimName'",
      '/spec/runner/volumes/0/persistentVolumeClaim must NOT have additional properties',
    ]);
    expect(bad((t) => (t.kind = 'K6'))).toEqual(['/kind is K6, not TestRun']);
    // The Pod fields loadgate does not write are checked too (the fixture is the complete CRD).
    expect(bad((t) => (t.spec.runner.resources = { limit: { cpu: '1' } }))).toEqual(['/spec/runner/resources must NOT have additional properties']);
    expect(bad((t) => (t.spec.runner.tolerations = [{ key: 'k', tolerationSeconds: 'soon' }]))).toEqual(['/spec/runner/tolerations/0/tolerationSeconds must be integer']);
    expect(bad((t) => (t.spec.starter = { image: 'k6', nodeSelecter: {} }))).toEqual(['/spec/starter must NOT have additional properties']);
    expect(bad((t) => (t.spec.runner.volumes[0].emptyDir = { sizeLimit: 'lots' }))).toEqual([
      `/spec/runner/volumes/0/emptyDir/sizeLimit must match pattern "${QUANTITY}"`,
    ]);
    // Valid values there pass.
    expect(bad((t) => (t.spec.runner.resources = { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '500m', memory: 268435456 } }))).toEqual([]);
    expect(bad((t) => (t.spec.runner.nodeSelector = { 'kubernetes.io/os': 'linux' }))).toEqual([]);
    // Free-form in the CRD: metadata (the API server checks ObjectMeta itself).
    expect(bad((t) => (t.metadata.anything = 1))).toEqual([]);
  });
});
