import { HttpError } from './http-error.js';
import type { Reply } from './http-io.js';

/** What a handler gets: path parameters in pattern order, the query string, the parsed JSON body. */
export interface RequestContext {
  params: string[];
  /** Undefined when the URL has no query string. */
  query: URLSearchParams | undefined;
  /** Parsed JSON body of POST and PATCH requests; undefined otherwise. */
  body: unknown;
}

/** Answers one request; throws HttpError for a 4xx. Synchronous handlers get precise slowdown timing. */
export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

/** One path with its handlers per method. */
export interface Route {
  /** The pattern, e.g. `/records/:id`; also the `route` label of the metrics. */
  pattern: string;
  handlers: Partial<Record<string, Handler>>;
  /** Whether fault injection applies (false for /admin/* and /metrics). */
  faults: boolean;
}

/** A matched route with its path parameters, decoded, in pattern order. */
export interface RouteMatch {
  route: Route;
  params: string[];
}

/**
 * A tiny router: static paths from a Map, then `:param` patterns segment by segment.
 * Static paths win over patterns, so `/sync/batches` is never read as a sync id.
 */
export class Router {
  private readonly staticRoutes = new Map<string, Route>();
  private readonly patternRoutes: Array<{ segments: string[]; route: Route }> = [];

  /** Registers a route; static patterns are looked up first, `:param` patterns in order of addition. */
  add(route: Route): this {
    if (route.pattern.includes(':')) this.patternRoutes.push({ segments: route.pattern.split('/'), route });
    else this.staticRoutes.set(route.pattern, route);
    return this;
  }

  /** The route for a path (without query string), or undefined. Throws a 400 on bad %-encoding. */
  match(path: string): RouteMatch | undefined {
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const route = this.staticRoutes.get(trimmed);
    if (route !== undefined) return { route, params: [] };
    const segments = trimmed.split('/');
    for (const candidate of this.patternRoutes) {
      const params = matchSegments(candidate.segments, segments);
      if (params !== undefined) return { route: candidate.route, params };
    }
    return undefined;
  }
}

function matchSegments(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith(':')) {
      if (s === '') return undefined;
      params.push(decodeSegment(s));
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'E_BAD_PATH', `path segment "${segment}" is not valid percent-encoding`, 'path');
  }
}
