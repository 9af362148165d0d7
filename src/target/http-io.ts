import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';
import { findJsonLimitProblem, maxJsonDepth } from './json-limits.js';

/** A handler's answer; the server applies faults, then writes it. */
export interface Reply {
  status: number;
  /** JSON (or Prometheus text) to send. */
  body: string | Buffer;
  /** @default 'application/json; charset=utf-8' */
  contentType?: string;
  headers?: Record<string, string>;
}

/** A JSON reply from a value. */
export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(value), headers };
}

/**
 * Reads a request body up to `maxBytes`. A declared Content-Length over the limit is refused
 * before reading a byte; a chunked body is refused as soon as it crosses the limit. Either way
 * reading stops (the request is paused) and the caller answers 413 and closes the connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    req.pause();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(new HttpError(400, 'E_BAD_REQUEST', `request body could not be read: ${err.message}`, 'body'));
    });
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'E_BODY_TOO_LARGE', `request body exceeds the limit of ${maxBytes} bytes`, undefined, {
    connection: 'close',
  });
}

/**
 * Parses a JSON body; an empty or malformed one is a 400 that quotes the parser's complaint. One
 * nested deeper than {@link maxJsonDepth} levels is a 400 naming the limit (every later recursive
 * walk of the value, JSON.stringify included, is safe from then on), and so is a number too
 * large for a double (it would parse to Infinity and be stored as null).
 */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new HttpError(400, 'E_BAD_JSON', 'request body is empty; expected a JSON object', 'body');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, 'E_BAD_JSON', `request body is not valid JSON: ${(err as Error).message}`, 'body');
  }
  const problem = findJsonLimitProblem(value, maxJsonDepth);
  if (problem?.kind === 'too-deep') {
    throw new HttpError(
      400,
      'E_JSON_TOO_DEEP',
      `${problem.topField} nests deeper than ${maxJsonDepth} levels of objects and arrays (at ${problem.at}); a request body may nest at most ${maxJsonDepth} levels`,
      problem.topField,
    );
  }
  if (problem?.kind === 'non-finite') {
    throw new HttpError(
      400,
      'E_JSON_NUMBER_RANGE',
      `${problem.field} is a number beyond the range of a double (about ±1.8e308); numbers must be finite`,
      problem.field,
    );
  }
  return value;
}
