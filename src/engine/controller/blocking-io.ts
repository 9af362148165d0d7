/**
 * The main thread's side of blocking (sync) calls: it performs the HTTP requests of VUs
 * that wait for the reply in their own thread. Loaded only by a run whose VUs block:
 * async VUs do their own I/O, and its HTTP client (net, tls, zlib) is tens of ms to load.
 */
import type { TlsPolicy } from '../options/tls-options.js';
import { HttpConnectionPool } from '../http/client.js';
import type { WireRequest, WireResponse } from '../http/wire.js';
import { requestAllLimited, type BatchLimits } from '../http/batch-limit.js';
import type { K6Compat } from '../k6-compat.js';
import type { NetworkPolicy } from '../options/network-options.js';

export class BlockingIo {
  private readonly pool: HttpConnectionPool;

  /**
   * @param limits options.batch / batchPerHost, bounding each http.batch call's requests in flight
   * @param network options.hosts, blockHostnames and blacklistIPs
   * @param tls options.tlsVersion, tlsAuth and the trusted roots
   */
  constructor(
    compat: K6Compat,
    private readonly limits: BatchLimits,
    network: NetworkPolicy,
    tls: TlsPolicy | undefined,
  ) {
    this.pool = new HttpConnectionPool({ deliverAtTurnEnd: true, compat, network, tls });
  }

  /** The responses of one blocking call: one request, or one http.batch. */
  async perform(requests: WireRequest[]): Promise<WireResponse[]> {
    if (requests.length === 1) return [await this.pool.request(requests[0] as WireRequest)];
    return requestAllLimited(requests, this.limits, (r) => this.pool.request(r));
  }

  close(): void {
    this.pool.close();
  }
}
