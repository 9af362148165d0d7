import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../core/errors.js';
import { positiveInt } from '../options.js';
import type { CommandModule } from './types.js';

interface K8sFlags {
  parallelism: number;
  out?: string;
  profile: string;
  target?: string;
  namespace?: string;
  image?: string;
  config?: string;
}

export const k8sCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('k8s')
      .description('Write k6-operator manifests (ConfigMap, PersistentVolumeClaim, TestRun) that run a scenario on N runner pods')
      .argument('<scenario>', 'scenario name from the config')
      .requiredOption('-n, --parallelism <n>', 'runner pods (k6-operator splits the load with execution segments)', positiveInt('--parallelism'))
      .option('-o, --out <dir>', 'output directory (default: k8s/<scenario>/)')
      .option('-p, --profile <name>', "profile whose __ENV knobs the runners get", 'ci')
      .option('-t, --target <url>', 'BASE_URL of the service under test, as the runner pods reach it')
      .option('--namespace <ns>', 'Kubernetes namespace of the resources')
      .option('--image <image>', 'runner image (default grafana/k6:latest)')
      .option('-c, --config <file>', 'config file (default: loadgate.config.ts if present)')
      .addHelpText(
        'after',
        `
Apply with: kubectl apply -f <out>/configmap.yaml -f <out>/pvc.yaml -f <out>/testrun.yaml
k6-operator gives each runner its --execution-segment and --execution-segment-sequence,
so the pods share the scenario's VUs, iterations and arrival rate as one test.
Each runner writes /loadgate-out/<pod>.summary.json (handleSummary data: that pod's own
view) and /loadgate-out/<pod>.points.ndjson (--out json: every sample) on the
ReadWriteMany volume. Copy them out and merge the .points.ndjson files, one per pod
(their samples give exact merged percentiles; do not add the same pod's summary too):
  loadgate merge merged.json out/*.points.ndjson
The merged file holds the whole test's numbers and its thresholds judged on them.
k6's --out json does not list sub-metric thresholds (metric{tag:value}); the command
printed at the end adds the scenario's with --threshold.`,
      )
      .action(async (scenario: string, opts: K8sFlags) => {
        const { loadConfig } = await import('../../config/index.js');
        const { writeK6OperatorManifests } = await import('../../k8s/index.js');
        const { ensureWritableDir } = await import('../../core/output-dir.js');
        const config = await loadConfig({ configFile: opts.config });
        const sc = config.scenarios[scenario];
        if (!sc) throw new UsageError(`unknown scenario "${scenario}"; valid scenarios: ${Object.keys(config.scenarios).join(', ')}`);
        const { selectProfile } = await import('../../config/select-profile.js');
        const profile = selectProfile(config, opts.profile);
        const target = opts.target ?? config.target.url;
        const env = { ...profile.env['*'], ...sc.env, ...profile.env[scenario], PROFILE: opts.profile, ...(target && { BASE_URL: target }) };
        const outDir = resolve(opts.out ?? resolve(config.root, 'k8s', scenario));
        await ensureWritableDir({ dir: outDir, what: opts.out ? 'manifests directory (--out)' : 'manifests directory' });
        const written = await writeK6OperatorManifests({
          entry: sc.file,
          root: config.root,
          outDir,
          scenario,
          parallelism: opts.parallelism,
          namespace: opts.namespace,
          image: opts.image,
          env,
        });
        for (const file of written.files) process.stdout.write(`wrote ${file}\n`);
        const subThresholds = sc.thresholds.filter((t) => t.metric.includes('{')).map((t) => ` --threshold '${t.metric}=${t.expression}'`);
        process.stdout.write(`then merge the runners' outputs: loadgate merge merged.json out/*.points.ndjson${subThresholds.join('')}\n`);
        if (!target) process.stdout.write('note: no --target and no target.url in the config: set BASE_URL in testrun.yaml to a URL the pods can reach\n');
        setExitCode(ExitCode.ok);
      });
  },
};
