import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FaultOptions } from './options.js';

/** Request-duration buckets in seconds: sub-millisecond resolution for the cached hot paths. */
const durationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface RequestSeries {
  count: Counter.Internal;
  duration: Histogram.Internal<'route' | 'method' | 'status'>;
}

/**
 * The target's Prometheus metrics, on a registry of its own (never prom-client's global one) so
 * several targets in one process do not clash. Process CPU and memory are read at scrape time.
 */
export class TargetMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly durations: Histogram<'route' | 'method' | 'status'>;
  private readonly handlerDurations: Histogram<'route'>;
  private readonly handlerSeries = new Map<string, Histogram.Internal<'route'>>();
  private readonly cacheHits: Counter;
  private readonly cacheMisses: Counter;
  private readonly cacheErrors: Counter<'operation'>;
  private readonly rowsWritten: Counter<'operation'>;
  /** Label lookups cost more than the observation; children are cached per route/method/status. */
  private readonly series = new Map<string, RequestSeries>();

  constructor(readRecordsTotal: () => number, readFaults: () => FaultOptions) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'loadgate_target_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'loadgate_target_http_request_duration_seconds',
      help: 'Time from request to response end, including injected faults, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: durationBuckets,
      registers,
    });
    this.handlerDurations = new Histogram({
      name: 'loadgate_target_handler_duration_seconds',
      help: 'Application time per request (handler plus injected slowdown and latency, without HTTP parsing and socket I/O), by route pattern',
      labelNames: ['route'],
      buckets: durationBuckets,
      registers,
    });
    this.cacheHits = new Counter({ name: 'loadgate_target_cache_hits_total', help: 'Record reads answered from the cache (LRU or Redis)', registers });
    this.cacheMisses = new Counter({ name: 'loadgate_target_cache_misses_total', help: 'Record reads that went to SQLite', registers });
    this.cacheErrors = new Counter({
      name: 'loadgate_target_cache_errors_total',
      help: 'Cache operations that failed or were skipped because Redis was unreachable or slow, by operation (get, set, delete, connection); reads then go to SQLite',
      labelNames: ['operation'],
      registers,
    });
    // Present at 0 from the start, so a rate() over them works before the first failure.
    for (const operation of ['get', 'set', 'delete', 'connection']) this.cacheErrors.inc({ operation }, 0);
    this.rowsWritten = new Counter({
      name: 'loadgate_target_rows_written_total',
      help: 'Rows of `records` inserted or updated, by operation (insert, update, sync, seed)',
      labelNames: ['operation'],
      registers,
    });
    new Gauge({
      name: 'loadgate_target_records',
      help: 'Records in the database (from the KPI table)',
      registers,
      collect() {
        this.set(readRecordsTotal());
      },
    });
    registerFaultGauges(registers, readFaults);
    registerProcessMetrics(registers);
  }

  /** Counts one answered request. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const key = `${route} ${method} ${status}`;
    let s = this.series.get(key);
    if (s === undefined) {
      const labels = { route, method, status: String(status) };
      s = { count: this.requests.labels(labels), duration: this.durations.labels(labels) };
      this.series.set(key, s);
    }
    s.count.inc();
    s.duration.observe(seconds);
  }

  /** Times one request's application work: handler plus injected slowdown and latency. */
  observeHandler(route: string, seconds: number): void {
    let h = this.handlerSeries.get(route);
    if (h === undefined) {
      h = this.handlerDurations.labels({ route });
      this.handlerSeries.set(route, h);
    }
    h.observe(seconds);
  }

  /** Counts a `/records/:id` read answered from the cache. */
  cacheHit(): void {
    this.cacheHits.inc();
  }

  /** Counts a `/records/:id` read that went to SQLite. */
  cacheMiss(): void {
    this.cacheMisses.inc();
  }

  /** Counts a cache operation that failed (the request was still answered, from SQLite). */
  cacheError(operation: 'get' | 'set' | 'delete' | 'connection'): void {
    this.cacheErrors.inc({ operation });
  }

  /** Counts rows written by one operation. */
  wroteRows(operation: 'insert' | 'update' | 'sync' | 'seed', rows: number): void {
    if (rows > 0) this.rowsWritten.inc({ operation }, rows);
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

function registerFaultGauges(registers: Registry[], readFaults: () => FaultOptions): void {
  const gauges: Array<[string, string, keyof FaultOptions]> = [
    ['loadgate_target_fault_latency_ms', 'Injected latency per request in milliseconds', 'latencyMs'],
    ['loadgate_target_fault_slowdown', 'Injected slowdown factor of handler time', 'slowdown'],
    ['loadgate_target_fault_error_rate', 'Fraction of requests answered with an injected 503', 'errorRate'],
  ];
  for (const [name, help, key] of gauges) {
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(readFaults()[key]);
      },
    });
  }
}

/** The process metrics of prom-client's defaults that matter here, without its global timers. */
function registerProcessMetrics(registers: Registry[]): void {
  const startSeconds = Math.round(Date.now() / 1000 - process.uptime());
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'Total user and system CPU time spent in seconds',
    registers,
    collect() {
      const usage = process.cpuUsage();
      this.reset();
      this.inc((usage.user + usage.system) / 1e6);
    },
  });
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Gauge({
    name: 'nodejs_heap_size_used_bytes',
    help: 'Process heap size used from Node.js in bytes',
    registers,
    collect() {
      this.set(process.memoryUsage().heapUsed);
    },
  });
  new Gauge({ name: 'process_start_time_seconds', help: 'Start time of the process since unix epoch in seconds', registers }).set(startSeconds);
}
