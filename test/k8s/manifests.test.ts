import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { buildK6OperatorBundle, CONFIGMAP_MAX_BYTES, resourceName, toYaml, writeK6OperatorManifests } from '../../src/k8s/index.js';

/** The TestRun fields loadgate emits, as k6-operator's CRD types them (a hand-written, closed subset; the CRD itself: testrun-crd.test.ts). */
const TESTRUN_SHAPE = JSON.parse(await readFile(new URL('../fixtures/k8s/testrun-shape.schema.json', import.meta.url), 'utf8')) as object;
const checkTestRun = new Ajv({ allErrors: true, strict: false }).compile(TESTRUN_SHAPE);

/** Schema errors of an emitted TestRun, as `path message` lines; empty when it fits. */
function testRunShapeErrors(doc: unknown): string[] {
  return checkTestRun(doc) ? [] : (checkTestRun.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

interface Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('YAML emitter', () => {
  it('round-trips the strings YAML likes to misread', () => {
    const tricky = ['yes', 'No', 'on', 'Off', 'y', 'n', 'null', '~', '1.0', '0x1F', '0o17', '007', '1_000', '1:20', '.inf', '2001-12-14', '=', '<<', '', ' lead', 'trail ', 'a: b', '- x', '#c', '"q"', "it's", '$(POD_NAME)', 'ünï', '@x', 'a\tb'];
    const doc = { list: tricky, map: Object.fromEntries(tricky.filter(Boolean).map((s, i) => [s, i])) };
    // Read back the same by a YAML 1.2 reader and by a YAML 1.1 one (what kubectl's sigs.k8s.io/yaml is).
    expect(parse(toYaml(doc))).toEqual(doc);
    expect(parse(toYaml(doc), { version: '1.1' })).toEqual(doc);
  });

  it('writes multi-line text as a literal block that comes back byte for byte', () => {
    const texts = ['a\nb\n', 'a\nb', 'a\nb\n\n\n', '  indented first\nline\n', 'x\n\n  y\n   \nz\n', 'ctrl\u0001char\n'];
    for (const text of texts) {
      const yaml = toYaml({ data: { 'f.js': text, other: 1 } });
      expect(parse(yaml), JSON.stringify(text)).toEqual({ data: { 'f.js': text, other: 1 } });
    }
    expect(toYaml({ s: 'a\nb\n' })).toBe('s: |\n  a\n  b\n');
  });

  it('writes nested maps and lists of maps the way kubectl shows them', () => {
    expect(toYaml({ a: { b: [{ name: 'x', value: 'v' }, 'z'], c: [] } })).toBe('a:\n  b:\n    - name: x\n      value: v\n    - z\n  c: []\n');
    // YAML 1.1 reads a bare y as true; it is quoted.
    expect(toYaml({ v: 'y' })).toBe('v: "y"\n');
  });
});

describe('k6-operator manifests', () => {
  const base = { scenario: 'sync-stress', bundleName: 'sync-stress.js', bundleSource: 'export default function () {}\n', exportNames: ['default', 'options'], parallelism: 4 };

  it('a TestRun that runs the wrapper from the ConfigMap on N runners, each writing its own outputs', () => {
    const m = buildK6OperatorBundle({ ...base, namespace: 'perf', env: { BASE_URL: 'http://api.perf.svc:8080', VUS: '50' } });
    const testRun = parse(toYaml(m.testRun)) as Doc;
    const configMap = parse(toYaml(m.configMap)) as Doc;
    const claim = parse(toYaml(m.outputClaim)) as Doc;
    expect(testRunShapeErrors(testRun)).toEqual([]);
    expect(testRun).toMatchObject({ apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', metadata: { name: 'loadgate-sync-stress', namespace: 'perf' } });
    expect(testRun.spec.parallelism).toBe(4);
    expect(testRun.spec.script).toEqual({ configMap: { name: configMap.metadata.name, file: 'sync-stress.loadgate-k6.js' } });
    expect(Object.keys(configMap.data!)).toEqual(['sync-stress.js', 'sync-stress.loadgate-k6.js']);
    expect(configMap.data!['sync-stress.js']).toBe(base.bundleSource);
    const wrapper = configMap.data!['sync-stress.loadgate-k6.js']!;
    expect(wrapper).toContain('import * as scenario from "./sync-stress.js";');
    expect(wrapper).toContain('export { default, options } from "./sync-stress.js";');
    expect(wrapper).toContain('export function handleSummary(data)');
    expect(testRun.spec.arguments).toBe('--out json=/loadgate-out/$(POD_NAME).points.ndjson --tag loadgate_scenario=sync-stress');
    expect(testRun.spec.runner.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'LOADGATE_SUMMARY_PATH', value: '/loadgate-out/$(POD_NAME).summary.json' },
      { name: 'BASE_URL', value: 'http://api.perf.svc:8080' },
      { name: 'VUS', value: '50' },
    ]);
    expect(testRun.spec.runner.volumes).toEqual([{ name: 'loadgate-out', persistentVolumeClaim: { claimName: claim.metadata.name } }]);
    expect(testRun.spec.runner.volumeMounts).toEqual([{ name: 'loadgate-out', mountPath: '/loadgate-out' }]);
    expect(claim).toMatchObject({ kind: 'PersistentVolumeClaim', spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } } });
  });

  it('refuses what Kubernetes would refuse', () => {
    expect(() => buildK6OperatorBundle({ ...base, parallelism: 0 })).toThrow(/--parallelism must be a whole number >= 1, got 0/);
    expect(() => buildK6OperatorBundle({ ...base, bundleSource: 'x'.repeat(CONFIGMAP_MAX_BYTES) })).toThrow(/a ConfigMap holds at most 1048576/);
    expect(resourceName('My_Scenario.v2')).toBe('loadgate-my-scenario-v2');
    expect(resourceName('x'.repeat(80))).toHaveLength(52);
    expect(() => resourceName('---')).toThrow(/cannot name a Kubernetes resource/);
  });

  it('bundles the shipped baseline scenario into manifests whose ConfigMap holds the exact bundle', async () => {
    const out = await mkdtemp(join(tmpdir(), 'loadgate-k8s-'));
    const root = await mkdtemp(join(tmpdir(), 'loadgate-k8s-root-'));
    const written = await writeK6OperatorManifests({ entry: join(PACKAGE_ROOT, 'scenarios/baseline.ts'), root, outDir: out, scenario: 'baseline', parallelism: 3 });
    expect(written.files.map((f) => f.slice(out.length + 1))).toEqual(['configmap.yaml', 'pvc.yaml', 'testrun.yaml']);
    const configMap = parse(await readFile(join(out, 'configmap.yaml'), 'utf8')) as Doc;
    const bundle = await readFile(join(root, '.loadgate', 'bundles', 'baseline.js'), 'utf8');
    expect(configMap.data!['baseline.js']).toBe(bundle);
    expect(configMap.data!['baseline.loadgate-k6.js']).toMatch(/export \{ [^}]*default[^}]*options[^}]*\} from "\.\/baseline\.js";/);
    const testRun = parse(await readFile(join(out, 'testrun.yaml'), 'utf8')) as Doc;
    expect(testRun.spec.parallelism).toBe(3);
    expect(testRunShapeErrors(testRun)).toEqual([]);
  });

  it('the shape check catches a misplaced key and a wrong type', () => {
    const testRun = parse(toYaml(buildK6OperatorBundle(base).testRun)) as Doc;
    expect(testRunShapeErrors(testRun)).toEqual([]);
    const misplaced = structuredClone(testRun);
    misplaced.spec.runner.volumeMount = misplaced.spec.runner.volumeMounts;
    expect(testRunShapeErrors(misplaced)).toEqual(['/spec/runner must NOT have additional properties']);
    const quoted = structuredClone(testRun);
    quoted.spec.parallelism = '4';
    expect(testRunShapeErrors(quoted)).toEqual(['/spec/parallelism must be integer']);
  });
});
