/**
 * The VU worker entry must load both from TypeScript sources (vitest, no TS loader
 * inside workers) and from compiled dist/. So it is bundled with esbuild on first
 * use into one self-contained file in the build cache (core/build-cache.ts), named by
 * its content hash; later processes find it by the content of its inputs without
 * loading esbuild.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { buildCacheDir, buildCacheFile, ensurePrivateDir, pruneUnreferencedArtefacts, readBuildCache, sha256, touchArtefact, writeBuildCache } from '../../core/build-cache.js';

let bundled: Promise<string> | undefined;

/** Version of how the bundle is built (esbuild's options below): a change must not reuse the bundles built before it. */
const BUNDLE_RECIPE = 2;

/** Path of the bundled worker entry (built once per process). */
export function workerEntryFile(): Promise<string> {
  bundled ??= bundleWorkerEntry();
  return bundled;
}

/**
 * Next to this module (src/ or dist/), else up the directory tree (when this module
 * was itself bundled elsewhere, e.g. a benchmark bundle under .loadgate/).
 */
function findWorkerEntry(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = ['../vu/worker-main.ts', '../vu/worker-main.js'].map((p) => join(here, p));
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'src/engine/vu/worker-main.ts'), join(dir, 'dist/engine/vu/worker-main.js'));
    if (dirname(dir) === dir) break;
  }
  const entry = candidates.find((p) => existsSync(p));
  if (!entry) throw new Error(`VU worker entry not found (looked for ${candidates.slice(0, 4).join(', ')}, …)`);
  return entry;
}

async function bundleWorkerEntry(): Promise<string> {
  const entry = findWorkerEntry();
  const cacheFile = buildCacheFile('vu-worker', `${entry}\0${BUNDLE_RECIPE}`);
  const cached = readBuildCache<string>(cacheFile);
  if (cached !== undefined && existsSync(cached)) return cached;
  const { build } = await import('esbuild');
  const absWorkingDir = process.cwd();
  const result = await build({
    absWorkingDir,
    metafile: true,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // In a file of its own: inline, the map was three quarters of the bundle, read and decoded
    // by every VU thread (~25 ms of CPU each) though only `node --enable-source-maps` reads it.
    sourcemap: 'external',
    outfile: 'vu-worker.mjs',
    // Packages the worker loads lazily (modules/html/library.ts) resolve from the entry's place in this package.
    define: { __LOADGATE_RESOLVE_FROM__: JSON.stringify(entry) },
  });
  const output = (suffix: string): string => (result.outputFiles.find((f) => f.path.endsWith(suffix)) as { text: string }).text;
  const bare = output('.mjs');
  const dir = buildCacheDir();
  // Code is loaded from here: only from a folder that is this user's alone (core/build-cache.ts).
  const shared = !(await ensurePrivateDir(dir));
  const file = shared ? await privateTempFile(bare) : join(dir, `vu-worker-${sha256(bare).slice(0, 16)}.mjs`);
  const code = `${bare}//# sourceMappingURL=${basename(file)}.map\n`;
  // Atomic: concurrent processes never load a half-written file; the map first, so a bundle never lacks it.
  if (!existsSync(file)) {
    await writeFileAtomic(`${file}.map`, output('.mjs.map'));
    await writeFileAtomic(file, code);
  }
  if (shared) return file;
  await writeBuildCache(cacheFile, Object.keys(result.metafile.inputs).map((p) => resolve(absWorkingDir, p)), file);
  // Each rebuild (changed sources, an upgrade) leaves the bundle before it: those long unused go.
  await pruneUnreferencedArtefacts(dir, 'vu-worker', ['.mjs', '.mjs.map']);
  return file;
}

/** A fresh folder of this process's own (mkdtemp makes it 0700) for the worker bundle when the cache folder cannot be trusted. */
async function privateTempFile(code: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-worker-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return join(dir, `vu-worker-${sha256(code).slice(0, 16)}.mjs`);
}

/** A VU thread running the worker bundle (it waits for its init message). */
export function newWorkerThread(file: string): Worker {
  // In use: a rebuild by another process must not prune it from under this one's later threads.
  touchArtefact(file);
  return new Worker(file, { stdout: false, stderr: false });
}

/**
 * A VU thread started ahead of need, so that it boots (Node, the worker bundle) while the
 * controller does other work; a VuWorker.spawn takes it.
 */
export class SpareThread {
  private exited = false;

  private constructor(private worker: Worker | undefined) {
    // Until taken, nothing listens: an error while booting only marks it unusable.
    worker?.once('error', () => undefined);
    worker?.once('exit', () => {
      this.exited = true;
    });
  }

  /** `unref`: until taken, the thread does not keep the process alive. */
  static async start(options: { unref?: boolean } = {}): Promise<SpareThread> {
    const worker = newWorkerThread(await workerEntryFile());
    if (options.unref) worker.unref();
    return new SpareThread(worker);
  }

  /** The thread, once; undefined when taken already or when it died while booting. */
  take(): Worker | undefined {
    const w = this.worker;
    this.worker = undefined;
    if (this.exited || !w) return undefined;
    w.ref();
    return w;
  }

  /** Stops the thread if nothing took it. */
  async discard(): Promise<void> {
    const w = this.take();
    if (w) await w.terminate();
  }
}

/** Threads prestartWorkerThreads started and nothing has taken yet, oldest first. */
const prestarted: Array<Promise<SpareThread>> = [];

/**
 * Starts booting `count` VU threads for the process's next thread spawns, before the
 * engine's modules are loaded (`loadgate k6 run` calls it first: every run needs the
 * lifecycle VU's thread, which async VUs then share). Until taken they do not keep the
 * process alive.
 */
export function prestartWorkerThreads(count: number): void {
  while (prestarted.length < count) {
    const spare = SpareThread.start({ unref: true });
    spare.catch(() => undefined); // a spawn without it starts its own thread
    prestarted.push(spare);
  }
}

/** The oldest thread prestartWorkerThreads started, once; undefined when there is none (left). */
export async function takePrestartedThread(): Promise<Worker | undefined> {
  return (await prestarted.shift()?.catch(() => undefined))?.take();
}

/** A prestarted thread when one is left, else a thread started now. */
export async function prestartedOrNewSpare(): Promise<SpareThread> {
  const spare = prestarted.shift();
  return (spare && (await spare.catch(() => undefined))) ?? SpareThread.start();
}
