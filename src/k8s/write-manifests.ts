import { basename, join } from 'node:path';
import { bundleScenario } from '../bundle/index.js';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../core/atomic-write.js';
import { listModuleExports } from '../runner/k6-binary/module-exports.js';
import { buildK6OperatorBundle, type K6OperatorOptions } from './manifests.js';
import { toYaml } from './yaml-emit.js';

export interface WrittenManifests {
  /** configmap.yaml, pvc.yaml, testrun.yaml in outDir (apply in that order). */
  files: string[];
  /** Resource name, `loadgate-<scenario>`. */
  name: string;
}

/**
 * Bundles the scenario file and writes its k6-operator manifests into `outDir`.
 * @param entry scenario source (.ts/.js), relative to root
 */
export async function writeK6OperatorManifests(
  options: { entry: string; root: string; outDir: string; scenario: string } & Pick<K6OperatorOptions, 'parallelism' | 'namespace' | 'image' | 'env' | 'outputSize'>,
): Promise<WrittenManifests> {
  const bundle = await bundleScenario({ entry: options.entry, root: options.root, outDir: join(options.root, '.loadgate', 'bundles') });
  const manifests = buildK6OperatorBundle({
    ...options,
    bundleName: basename(bundle.bundlePath),
    bundleSource: await readFile(bundle.bundlePath, 'utf8'),
    exportNames: await listModuleExports(bundle.bundlePath),
  });
  const files: Array<[string, { [key: string]: unknown }]> = [
    ['configmap.yaml', manifests.configMap],
    ['pvc.yaml', manifests.outputClaim],
    ['testrun.yaml', manifests.testRun],
  ];
  const written: string[] = [];
  for (const [file, doc] of files) {
    const path = join(options.outDir, file);
    await writeFileAtomic(path, toYaml(doc as Parameters<typeof toYaml>[0]));
    written.push(path);
  }
  return { files: written, name: manifests.configMap.metadata ? (manifests.configMap.metadata as { name: string }).name : '' };
}
