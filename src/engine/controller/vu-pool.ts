/**
 * Creates and owns the VU worker threads: one thread per VU for scripts that
 * block (sync http, sleep), or VUs spread over one thread per core for async ones.
 */
import { availableParallelism } from 'node:os';
import { VuWorker, type SpareThread, type SpawnOptions, type WorkerEvents } from './vu-worker.js';
import type { VuRef } from '../executors/vu-ref.js';

/** Batches a shared thread initializes its VUs in, so that the count of ready VUs moves. */
const INIT_STEPS = 50;

/** Threads spawned at once: spawning is CPU-bound (isolate start-up), so a few at a time. */
const SPAWN_CONCURRENCY = 8;

export type VuThreading = 'per-vu' | 'shared';

/**
 * One core is left to the main thread (it ingests every sample and does the sync VUs'
 * I/O): on 2 cores, 2 VU threads cost ~35 % more CPU per request than one (context
 * switches, fewer events per epoll wake-up) and are slower (bench/engine.ts).
 */
export function defaultSharedThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

export class VuPool {
  readonly workers: VuWorker[] = [];
  private nextVuId = 1;
  private sharedRoundRobin = 0;
  /** Initialized VUs (vus_max), counted as each one is ready (k6's init progress bar reads it). */
  initialized = 0;

  constructor(
    private readonly threading: VuThreading,
    private readonly spawnBase: Omit<SpawnOptions, 'vuIds' | 'lifecycle'>,
    /** Fresh per worker: sample ids are local to each worker. */
    private readonly events: () => WorkerEvents,
    /** Threads for shared (async) VUs. @default defaultSharedThreads() */
    private readonly sharedThreads?: number,
    /** A thread started early (SpareThread), used by the first spawn. */
    private readonly spare?: SpareThread,
  ) {}

  /** Initializes `count` VUs up front; throws ScriptInitError if the init context throws. */
  async create(count: number): Promise<VuRef[]> {
    if (count <= 0) return [];
    const ids = Array.from({ length: count }, () => this.nextVuId++);
    const refs: VuRef[] = [];
    if (this.threading === 'per-vu') {
      for (let i = 0; i < ids.length; i += SPAWN_CONCURRENCY) {
        const chunk = ids.slice(i, i + SPAWN_CONCURRENCY);
        const workers = await Promise.all(
          chunk.map((id) =>
            this.spawn([id]).then((w) => {
              this.initialized++;
              return w;
            }),
          ),
        );
        for (const w of workers) refs.push(...w.vus);
      }
    } else {
      const threads = Math.max(1, Math.min(this.sharedThreads ?? defaultSharedThreads(), ids.length));
      await Promise.all(Array.from({ length: threads - this.workers.length }, () => this.spawn([])));
      const per = new Map<VuWorker, number[]>();
      for (const id of ids) {
        const w = this.workers[this.sharedRoundRobin++ % this.workers.length] as VuWorker;
        const mine = per.get(w);
        if (mine) mine.push(id);
        else per.set(w, [id]);
      }
      // The threads in parallel, each in up to INIT_STEPS batches: VUs count as they are ready
      // (k6's Init bar), without a message round trip per VU.
      await Promise.all(
        [...per].map(async ([w, wIds]) => {
          const batch = Math.ceil(wIds.length / INIT_STEPS);
          for (let i = 0; i < wIds.length; i += batch) {
            const some = wIds.slice(i, i + batch);
            refs.push(...(await w.addVus(some)));
            this.initialized += some.length;
          }
        }),
      );
      const order = new Map(ids.map((id, i) => [id, i]));
      refs.sort((a, b) => (order.get(a.id) as number) - (order.get(b.id) as number));
    }
    return refs;
  }

  /**
   * Takes a thread that runs already (the lifecycle VU's) as the first shared thread, so that a
   * run of async VUs boots one thread fewer. Its next VUs get the pool's runtime options.
   */
  adopt(worker: VuWorker): void {
    if (this.threading !== 'shared' || this.workers.length > 0) throw new Error('VuPool.adopt: only a first thread of shared VUs');
    worker.useRuntime(this.spawnBase.runtime);
    this.workers.push(worker);
  }

  private async spawn(vuIds: number[]): Promise<VuWorker> {
    const w = await VuWorker.spawn({ ...this.spawnBase, vuIds, lifecycle: false }, this.events(), this.spare);
    this.workers.push(w);
    return w;
  }

  async flush(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.flush()));
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
