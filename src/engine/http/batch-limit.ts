/**
 * k6's http.batch concurrency: at most `batch` requests of one call in flight,
 * and at most `batchPerHost` of them to the same host:port. Like k6, requests
 * start in order — one waiting for its host's slot holds back the ones after it.
 */
import type { WireRequest, WireResponse } from './wire.js';

export interface BatchLimits {
  /** @default 20 */
  batch: number;
  /** 0 = no per-host limit. @default 6 */
  batchPerHost: number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** A counting semaphore per host. */
class HostSlots {
  private readonly busy = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  acquire(host: string): Promise<void> | undefined {
    const n = this.busy.get(host) ?? 0;
    if (n < this.limit) {
      this.busy.set(host, n + 1);
      return undefined;
    }
    return new Promise((resolve) => {
      let q = this.waiting.get(host);
      if (!q) this.waiting.set(host, (q = []));
      q.push(resolve);
    });
  }

  release(host: string): void {
    const next = this.waiting.get(host)?.shift();
    // The slot passes straight to the next waiter; otherwise it frees up.
    if (next) next();
    else this.busy.set(host, (this.busy.get(host) as number) - 1);
  }
}

/** Performs `requests` within the limits; responses in request order. */
export async function requestAllLimited(requests: readonly WireRequest[], limits: BatchLimits, perform: (r: WireRequest) => Promise<WireResponse>): Promise<WireResponse[]> {
  const n = requests.length;
  const perHost = limits.batchPerHost > 0 && limits.batchPerHost < n ? limits.batchPerHost : 0;
  if (n <= limits.batch && perHost === 0) return Promise.all(requests.map(perform));
  const slots = perHost > 0 ? new HostSlots(perHost) : undefined;
  const responses = new Array<WireResponse>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const req = requests[i] as WireRequest;
      const host = slots ? hostOf(req.url) : '';
      if (slots) await slots.acquire(host);
      try {
        responses[i] = await perform(req);
      } finally {
        slots?.release(host);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limits.batch, n) }, worker));
  return responses;
}
