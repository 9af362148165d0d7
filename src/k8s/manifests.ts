/**
 * A scenario bundle as k6-operator resources: a ConfigMap holding the bundle and a
 * wrapper that adds loadgate's handleSummary, a TestRun (k6.io/v1alpha1) that runs it
 * on `parallelism` runner pods (k6-operator splits the load with execution segments),
 * and a PersistentVolumeClaim every runner writes its outputs to, for `loadgate merge`:
 *   /loadgate-out/<pod name>.summary.json   k6's handleSummary data (wrapper + LOADGATE_SUMMARY_PATH)
 *   /loadgate-out/<pod name>.points.ndjson  k6's `--out json` lines
 * Pod names are unique per runner; Kubernetes substitutes `$(POD_NAME)` (a downward-API
 * env var) into the runner's env values and arguments, so no shell is needed.
 */
import { UsageError } from '../core/errors.js';
import { renderSummaryWrapper, SUMMARY_PATH_ENV } from '../runner/k6-binary/summary-wrapper.js';
import type { YamlValue } from './yaml-emit.js';

/** Kubernetes' limit on a ConfigMap's data (etcd's 1 MiB request limit). */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;
/** Where each runner writes its outputs. */
export const OUTPUT_MOUNT = '/loadgate-out';

export interface K6OperatorOptions {
  /** Scenario name; names the resources (`loadgate-<name>`). */
  scenario: string;
  /** Bundle file name inside the ConfigMap, e.g. `baseline.js`. */
  bundleName: string;
  /** The bundled k6 script. */
  bundleSource: string;
  /** What the bundle exports (for the wrapper's re-exports). */
  exportNames: string[];
  /** Runner pods. */
  parallelism: number;
  /** Kubernetes namespace. @default unset (kubectl's current) */
  namespace?: string;
  /** Runner image. @default 'grafana/k6:latest' (k6-operator's default) */
  image?: string;
  /** `__ENV` for the script (BASE_URL, VUS…). */
  env?: Record<string, string>;
  /** Size of the outputs volume. @default '1Gi' */
  outputSize?: string;
}

export interface K6OperatorBundle {
  configMap: { [key: string]: YamlValue };
  testRun: { [key: string]: YamlValue };
  outputClaim: { [key: string]: YamlValue };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `loadgate-<scenario>` as a DNS-1123 label (k8s resource names), at most 52 characters (runner jobs append `-<n>`). */
export function resourceName(scenario: string): string {
  const part = scenario.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const name = `loadgate-${part}`.slice(0, 52).replace(/-+$/, '');
  if (part === '' || !DNS_LABEL.test(name)) {
    throw new UsageError(`scenario "${scenario}" cannot name a Kubernetes resource: it needs a letter or digit`);
  }
  return name;
}

/** The k6 arguments each runner gets (besides the execution segment k6-operator adds). */
export function runnerArguments(scenario: string): string {
  return `--out json=${OUTPUT_MOUNT}/$(POD_NAME).points.ndjson --tag loadgate_scenario=${scenario.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

export function buildK6OperatorBundle(o: K6OperatorOptions): K6OperatorBundle {
  if (!Number.isInteger(o.parallelism) || o.parallelism < 1) throw new UsageError(`--parallelism must be a whole number >= 1, got ${o.parallelism}`);
  const name = resourceName(o.scenario);
  const wrapperName = o.bundleName.replace(/\.js$/, '.loadgate-k6.js');
  const wrapper = renderSummaryWrapper(`./${o.bundleName}`, o.exportNames).source;
  const size = Buffer.byteLength(o.bundleSource) + Buffer.byteLength(wrapper);
  if (size > CONFIGMAP_MAX_BYTES) {
    throw new UsageError(`the bundle of ${o.scenario} is ${size} bytes; a ConfigMap holds at most ${CONFIGMAP_MAX_BYTES} (put large data in a volume and load it with open())`);
  }
  const metadata = (kind: string): { [key: string]: YamlValue } => ({
    name,
    ...(o.namespace && { namespace: o.namespace }),
    labels: { 'app.kubernetes.io/managed-by': 'loadgate', 'loadgate/scenario': name.slice('loadgate-'.length), 'loadgate/kind': kind },
  });
  const env: YamlValue[] = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: SUMMARY_PATH_ENV, value: `${OUTPUT_MOUNT}/$(POD_NAME).summary.json` },
    ...Object.entries(o.env ?? {}).map(([k, value]) => ({ name: k, value })),
  ];
  return {
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata('script'), data: { [o.bundleName]: o.bundleSource, [wrapperName]: wrapper } },
    outputClaim: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: metadata('outputs'),
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: o.outputSize ?? '1Gi' } } },
    },
    testRun: {
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata: metadata('testrun'),
      spec: {
        parallelism: o.parallelism,
        script: { configMap: { name, file: wrapperName } },
        arguments: runnerArguments(o.scenario),
        runner: {
          image: o.image ?? 'grafana/k6:latest',
          env,
          volumes: [{ name: 'loadgate-out', persistentVolumeClaim: { claimName: name } }],
          volumeMounts: [{ name: 'loadgate-out', mountPath: OUTPUT_MOUNT }],
        },
      },
    },
  };
}
