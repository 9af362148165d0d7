/** Kubernetes (k6-operator) manifests for a scenario bundle. */
export { buildK6OperatorBundle, resourceName, runnerArguments, CONFIGMAP_MAX_BYTES, OUTPUT_MOUNT } from './manifests.js';
export type { K6OperatorBundle, K6OperatorOptions } from './manifests.js';
export { writeK6OperatorManifests } from './write-manifests.js';
export type { WrittenManifests } from './write-manifests.js';
export { toYaml } from './yaml-emit.js';
export type { YamlValue } from './yaml-emit.js';
