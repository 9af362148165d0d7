import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from './faults.js';
import { sleepUntil } from './faults.js';
import { HttpError } from './http-error.js';
import { parseJson, readBody, type Reply } from './http-io.js';
import type { Handler, RequestContext, Router } from './router.js';
import type { TargetMetrics } from './target-metrics.js';

const jsonContentType = 'application/json; charset=utf-8';
/** Route label of requests that match no route. */
const unmatchedRoute = 'unmatched';

interface HandlerDeps {
  router: Router;
  faults: FaultInjector;
  metrics: TargetMetrics;
  maxBodyBytes: number;
}

/**
 * The server's request listener: route, read the body, run the handler, apply faults, send.
 * Every failure becomes a JSON error reply; nothing a client sends can throw out of here.
 */
export function createRequestHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    handle(deps, req).then(
      ({ reply, route }) => send(deps.metrics, req, res, reply, route, started),
      (err: unknown) => send(deps.metrics, req, res, errorReply(err), unmatchedRoute, started),
    );
  };
}

async function handle(deps: HandlerDeps, req: IncomingMessage): Promise<{ reply: Reply; route: string }> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const method = req.method ?? 'GET';
  let route = unmatchedRoute;
  let faulted = !path.startsWith('/admin/') && path !== '/metrics';
  let handlerMs = 0;
  let reply: Reply;
  try {
    const match = deps.router.match(path);
    if (match === undefined) throw new HttpError(404, 'E_NOT_FOUND', `no route ${method} ${path}`);
    route = match.route.pattern;
    faulted = match.route.faults;
    const handler = lookupHandler(match.route.handlers, method, route);
    if (faulted && deps.faults.shouldFail()) {
      throw new HttpError(503, 'E_INJECTED_FAULT', 'injected fault: the target is configured to fail this fraction of requests');
    }
    const ctx: RequestContext = {
      params: match.params,
      query: q === -1 ? undefined : new URLSearchParams(url.slice(q + 1)),
      body: method === 'POST' || method === 'PATCH' ? parseJson(await readBody(req, requireJsonType(req, deps.maxBodyBytes))) : undefined,
    };
    const handlerStarted = performance.now();
    try {
      const result = handler(ctx);
      reply = result instanceof Promise ? await result : result;
    } finally {
      handlerMs = performance.now() - handlerStarted;
    }
  } catch (err) {
    reply = errorReply(err);
  }
  if (faulted) {
    const delayed = await applyDelays(deps.faults, reply, handlerMs);
    reply = delayed.reply;
    // Application time, what an APM calls server processing time: the handler plus what a
    // slower build or a slow dependency (the injected faults) adds. Not the HTTP plumbing.
    deps.metrics.observeHandler(route, (handlerMs + delayed.addedMs) / 1000);
  }
  return { reply, route };
}

/**
 * Applies slowdown and latency. When either is on, a Server-Timing header reports the handler's
 * own time and the delays actually added (rounded down, so they are lower bounds a test can use).
 */
async function applyDelays(faults: FaultInjector, reply: Reply, handlerMs: number): Promise<{ reply: Reply; addedMs: number }> {
  const burnedMs = faults.applySlowdown(handlerMs);
  const latencyMs = faults.latencyMs;
  let sleptMs = 0;
  if (latencyMs > 0) {
    const sleepStarted = performance.now();
    await sleepUntil(sleepStarted + latencyMs);
    sleptMs = performance.now() - sleepStarted;
  }
  if (burnedMs === 0 && sleptMs === 0) return { reply, addedMs: 0 };
  const timing = `handler;dur=${floor3(handlerMs)}, slowdown;dur=${floor3(burnedMs)}, latency;dur=${floor3(sleptMs)}`;
  return { reply: { ...reply, headers: { ...reply.headers, 'server-timing': timing } }, addedMs: burnedMs + sleptMs };
}

function floor3(ms: number): number {
  return Math.floor(ms * 1000) / 1000;
}

/**
 * Bodies are JSON. No Content-Type (k6 sends none for a string body) and text/plain (fetch's
 * default for a string) are read as JSON too; a type that says the body is something else
 * (a form, XML, multipart) is refused before a byte is read.
 * @returns `maxBytes`, so the check sits in the read's argument list
 */
function requireJsonType(req: IncomingMessage, maxBytes: number): number {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '' || type === 'application/json' || type.endsWith('+json') || type === 'text/plain') return maxBytes;
  throw new HttpError(415, 'E_UNSUPPORTED_MEDIA_TYPE', `Content-Type ${type} is not supported; send the body as application/json`);
}

function lookupHandler(handlers: Partial<Record<string, Handler>>, method: string, route: string): Handler {
  // HEAD is GET without the body (Node's server drops the body of a HEAD response).
  const handler = handlers[method] ?? (method === 'HEAD' ? handlers.GET : undefined);
  if (handler !== undefined) return handler;
  const methods = Object.keys(handlers);
  if (handlers.GET !== undefined) methods.splice(methods.indexOf('GET') + 1, 0, 'HEAD');
  const allowed = methods.join(', ');
  throw new HttpError(405, 'E_METHOD_NOT_ALLOWED', `${method} is not allowed on ${route}; allowed: ${allowed}`, undefined, {
    allow: allowed,
  });
}

function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) return { status: err.status, body: err.toJson(), headers: err.headers };
  // A bug, not bad input: still answer in the documented shape instead of dropping the connection.
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: new HttpError(500, 'E_INTERNAL', `internal error: ${message}`).toJson() };
}

function send(metrics: TargetMetrics, req: IncomingMessage, res: ServerResponse, reply: Reply, route: string, started: number): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string | number> = {
    'content-type': reply.contentType ?? jsonContentType,
    'content-length': typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.length,
  };
  if (reply.headers !== undefined) Object.assign(headers, reply.headers);
  res.writeHead(reply.status, headers);
  res.end(reply.body);
  if (reply.status === 413) closeAfterOversizedBody(req, res);
  metrics.observeRequest(route, req.method ?? 'GET', reply.status, (performance.now() - started) / 1000);
}

/** How long an oversized upload may keep sending (discarded) after its 413, before the socket is cut. */
const lingerMs = 1000;

/**
 * The rest of an oversized body is never buffered: it is discarded, and the connection is closed
 * once the 413 is out. Cutting the socket at once would make the kernel answer the unread upload
 * with a reset that can destroy the 413 before the client reads it; so linger briefly first.
 */
function closeAfterOversizedBody(req: IncomingMessage, res: ServerResponse): void {
  req.removeAllListeners('data');
  req.resume();
  res.once('finish', () => {
    const socket = req.socket;
    socket.end();
    setTimeout(() => socket.destroy(), lingerMs).unref();
  });
}
