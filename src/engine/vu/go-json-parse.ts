/**
 * JSON.parse as k6 scripts see it: k6's is goja's, which reads JSON with Go's
 * json.Decoder, so a script that logs or checks a parse error sees Go's words
 * (`SyntaxError: invalid character '<' looking for beginning of value`), not V8's. V8
 * still parses; only a text V8 refuses is read again, by modules/go-json.ts, for the
 * message. Installed once per VU thread, before the script's code runs.
 */
import { gojaJsonParseError } from '../modules/go-json.js';

let installed = false;

export function installGoJsonParse(): void {
  if (installed) return;
  installed = true;
  const v8Parse = JSON.parse;
  function jsonParse(text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown): unknown {
    const source = String(text);
    let value: unknown;
    try {
      value = v8Parse(source);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      throw new SyntaxError(gojaJsonParseError(Buffer.from(source, 'utf8')) ?? err.message);
    }
    // A reviver runs on a text known to parse, so whatever it throws is its own.
    return typeof reviver === 'function' ? v8Parse(source, reviver) : value;
  }
  // As goja's: JSON.parse.name is "parse", and k6-stack.ts shows this frame as `parse (native)`.
  Object.defineProperty(jsonParse, 'name', { value: 'parse' });
  Object.defineProperty(JSON, 'parse', { value: jsonParse, writable: true, configurable: true, enumerable: false });
}
