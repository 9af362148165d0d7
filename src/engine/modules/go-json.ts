/**
 * The errors k6 reports for text that is not JSON, which come from Go's encoding/json:
 * `res.json()` runs json.Unmarshal (the whole text through Go's scanner) and
 * `JSON.parse` is goja's, which reads the text token by token with a json.Decoder. The
 * engine parses with V8 and asks here only when V8 refused the text, to say what k6 says:
 * `invalid character '<' looking for beginning of value`, `unexpected end of JSON input`.
 *
 * Written from Go's scanner and Decoder.Token state machines (encoding/json scanner.go,
 * stream.go) and goja's builtin_json.go, and checked against k6 v2.2 and v0.49 on
 * hundreds of broken texts (test/engine/go-json*.test.ts).
 */
import { formatFloatGo } from '../../core/go-format.js';
import type { K6Compat } from '../k6-compat.js';

/** A syntax error as Go's json.SyntaxError: its text, and the bytes read when it was found (the offending one included). */
export interface GoJsonSyntaxError {
  message: string;
  offset: number;
}

const enum Step {
  Continue,
  Skip,
  End,
  Error,
}

const enum Ctx {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

/** Go's maxNestingDepth: deeper text is refused before it is parsed. */
const MAX_DEPTH = 10_000;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/**
 * Go's `quoteChar`: the offending byte as it shows in the message, `'x'`, `'\t'`,
 * `'\x01'`, `'\''`; a byte ≥ 0x80 is shown as the Latin-1 character of that number.
 */
export function goQuoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 92: '\\\\' };
  if (named[c]) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // strconv.Quote of string(rune(c)): U+0080–U+009F and U+00AD are not printable in Go.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

/** Go's scanner: a state machine over bytes, one state function per position in the grammar. */
class Scanner {
  bytes = 0;
  err: GoJsonSyntaxError | undefined;
  endTop = false;
  private readonly stack: Ctx[] = [];
  private state: (c: number) => Step = (c) => this.beginValue(c);

  step(c: number): Step {
    return this.state(c);
  }

  /** Go's scanner.eof: the end of the text, an error unless a whole value was read. */
  eof(): Step {
    if (this.err) return Step.Error;
    if (this.endTop) return Step.End;
    this.state(0x20);
    if (this.endTop) return Step.End;
    this.err ??= { message: 'unexpected end of JSON input', offset: this.bytes };
    return Step.Error;
  }

  private fail(c: number, context: string): Step {
    this.state = () => Step.Error;
    this.err = { message: `invalid character ${goQuoteChar(c)} ${context}`, offset: this.bytes };
    return Step.Error;
  }

  private push(ctx: Ctx, next: (c: number) => Step): Step {
    this.state = next;
    this.stack.push(ctx);
    if (this.stack.length > MAX_DEPTH) {
      this.state = () => Step.Error;
      this.err = { message: 'exceeded max depth', offset: this.bytes };
      return Step.Error;
    }
    return Step.Continue;
  }

  private beginValueOrEmpty(c: number): Step {
    if (isSpace(c)) return Step.Skip;
    if (c === 0x5d) return this.endValue(c);
    return this.beginValue(c);
  }

  private beginValue(c: number): Step {
    if (isSpace(c)) return Step.Skip;
    switch (c) {
      case 0x7b:
        return this.push(Ctx.ObjectKey, (x) => this.beginStringOrEmpty(x));
      case 0x5b:
        return this.push(Ctx.ArrayValue, (x) => this.beginValueOrEmpty(x));
      case 0x22:
        this.state = (x) => this.inString(x);
        return Step.Continue;
      case 0x2d:
        this.state = (x) => this.neg(x);
        return Step.Continue;
      case 0x30:
        this.state = (x) => this.zero(x);
        return Step.Continue;
      case 0x74:
        return this.literal('true', 1);
      case 0x66:
        return this.literal('false', 1);
      case 0x6e:
        return this.literal('null', 1);
    }
    if (c >= 0x31 && c <= 0x39) {
      this.state = (x) => this.digits(x);
      return Step.Continue;
    }
    return this.fail(c, 'looking for beginning of value');
  }

  private beginStringOrEmpty(c: number): Step {
    if (isSpace(c)) return Step.Skip;
    if (c === 0x7d) {
      this.stack[this.stack.length - 1] = Ctx.ObjectValue;
      return this.endValue(c);
    }
    return this.beginString(c);
  }

  private beginString(c: number): Step {
    if (isSpace(c)) return Step.Skip;
    if (c === 0x22) {
      this.state = (x) => this.inString(x);
      return Step.Continue;
    }
    return this.fail(c, 'looking for beginning of object key string');
  }

  private endValue(c: number): Step {
    const n = this.stack.length;
    if (n === 0) {
      this.state = (x) => this.endTopState(x);
      this.endTop = true;
      return this.endTopState(c);
    }
    if (isSpace(c)) {
      this.state = (x) => this.endValue(x);
      return Step.Skip;
    }
    switch (this.stack[n - 1]) {
      case Ctx.ObjectKey:
        if (c === 0x3a) {
          this.stack[n - 1] = Ctx.ObjectValue;
          this.state = (x) => this.beginValue(x);
          return Step.Continue;
        }
        return this.fail(c, 'after object key');
      case Ctx.ObjectValue:
        if (c === 0x2c) {
          this.stack[n - 1] = Ctx.ObjectKey;
          this.state = (x) => this.beginString(x);
          return Step.Continue;
        }
        if (c === 0x7d) return this.pop();
        return this.fail(c, 'after object key:value pair');
      default:
        if (c === 0x2c) {
          this.state = (x) => this.beginValue(x);
          return Step.Continue;
        }
        if (c === 0x5d) return this.pop();
        return this.fail(c, 'after array element');
    }
  }

  private pop(): Step {
    this.stack.pop();
    if (this.stack.length === 0) {
      this.state = (x) => this.endTopState(x);
      this.endTop = true;
    } else this.state = (x) => this.endValue(x);
    return Step.Continue;
  }

  /** After a whole top-level value: Go records an error for more text but still ends the value there. */
  private endTopState(c: number): Step {
    if (!isSpace(c)) this.fail(c, 'after top-level value');
    return Step.End;
  }

  private inString(c: number): Step {
    if (c === 0x22) {
      this.state = (x) => this.endValue(x);
      return Step.Continue;
    }
    if (c === 0x5c) {
      this.state = (x) => this.inStringEscape(x);
      return Step.Continue;
    }
    if (c < 0x20) return this.fail(c, 'in string literal');
    return Step.Continue;
  }

  private inStringEscape(c: number): Step {
    if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
      this.state = (x) => this.inString(x);
      return Step.Continue;
    }
    if (c === 0x75) {
      this.state = (x) => this.hexDigit(x, 3);
      return Step.Continue;
    }
    return this.fail(c, 'in string escape code');
  }

  private hexDigit(c: number, left: number): Step {
    if (!isHex(c)) return this.fail(c, 'in \\u hexadecimal character escape');
    this.state = left === 0 ? (x) => this.inString(x) : (x) => this.hexDigit(x, left - 1);
    return Step.Continue;
  }

  private neg(c: number): Step {
    if (c === 0x30) {
      this.state = (x) => this.zero(x);
      return Step.Continue;
    }
    if (c >= 0x31 && c <= 0x39) {
      this.state = (x) => this.digits(x);
      return Step.Continue;
    }
    return this.fail(c, 'in numeric literal');
  }

  private digits(c: number): Step {
    if (isDigit(c)) return Step.Continue;
    return this.zero(c);
  }

  private zero(c: number): Step {
    if (c === 0x2e) {
      this.state = (x) => this.dot(x);
      return Step.Continue;
    }
    if (c === 0x65 || c === 0x45) {
      this.state = (x) => this.exponent(x);
      return Step.Continue;
    }
    return this.endValue(c);
  }

  private dot(c: number): Step {
    if (isDigit(c)) {
      this.state = (x) => this.fraction(x);
      return Step.Continue;
    }
    return this.fail(c, 'after decimal point in numeric literal');
  }

  private fraction(c: number): Step {
    if (isDigit(c)) return Step.Continue;
    if (c === 0x65 || c === 0x45) {
      this.state = (x) => this.exponent(x);
      return Step.Continue;
    }
    return this.endValue(c);
  }

  private exponent(c: number): Step {
    if (c === 0x2b || c === 0x2d) {
      this.state = (x) => this.exponentSign(x);
      return Step.Continue;
    }
    return this.exponentSign(c);
  }

  private exponentSign(c: number): Step {
    if (isDigit(c)) {
      this.state = (x) => this.exponentDigits(x);
      return Step.Continue;
    }
    return this.fail(c, 'in exponent of numeric literal');
  }

  private exponentDigits(c: number): Step {
    if (isDigit(c)) return Step.Continue;
    return this.endValue(c);
  }

  /** The rest of `true`, `false` or `null` from letter `at` on. */
  private literal(word: string, at: number): Step {
    this.state = (c) => {
      const want = word.charCodeAt(at);
      if (c !== want) return this.fail(c, `in literal ${word} (expecting '${word[at]}')`);
      if (at === word.length - 1) this.state = (x) => this.endValue(x);
      else this.literal(word, at + 1);
      return Step.Continue;
    };
    return Step.Continue;
  }
}

/** What Go's json.Unmarshal says of `text` (UTF-8 bytes), or undefined when it is valid JSON. */
export function goJsonUnmarshalError(text: Uint8Array): GoJsonSyntaxError | undefined {
  const scan = new Scanner();
  for (const c of text) {
    // As Go's checkValid: the offending byte counts as read.
    scan.bytes++;
    if (scan.step(c) === Step.Error) return scan.err;
  }
  return scan.eof() === Step.Error ? scan.err : undefined;
}

/**
 * Where k6 says the error is, from Go's offset (bytes read, the offending one included),
 * as each generation counts (measured against the binaries; a line break starts a new line):
 * - k6 v0.49: characters up to and including the one after the offending byte, a line
 *   break counting as the first of its new line (`[1 2]` → character 5, `\nx` → line 2,
 *   character 2);
 * - k6 v2: the 1-based column of the offending byte (`[1 2]` → 4, `\nx` → line 2,
 *   character 1); a line break read last → the next line, character 1; an empty body →
 *   line 1, character 0.
 */
export function k6JsonErrorPosition(text: Uint8Array, offset: number, compat: K6Compat): { line: number; character: number } {
  let line = 1;
  let character = 0;
  let at = 0;
  const chars = Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
  if (compat === 'v0.49') {
    for (const ch of chars) {
      if (ch === '\n') {
        line++;
        character = 0;
      }
      character++;
      if (at === offset) break;
      at += Buffer.byteLength(ch, 'utf8');
    }
    return { line, character };
  }
  for (const ch of chars) {
    if (at >= offset) break;
    at += Buffer.byteLength(ch, 'utf8');
    if (ch === '\n') {
      line++;
      character = 0;
    } else character++;
  }
  return { line, character: at > 0 ? Math.max(character, 1) : 0 };
}

/** `res.json()`'s error for a body that is not JSON, word for word as k6's. */
export function k6ResponseJsonError(body: Uint8Array, compat: K6Compat): string | undefined {
  const err = goJsonUnmarshalError(body);
  if (!err) return undefined;
  const { line, character } = k6JsonErrorPosition(body, err.offset, compat);
  return `cannot parse json due to an error at line ${line}, character ${character} , error: ${err.message}`;
}

// ---------------------------------------------------------------------------------------
// JSON.parse: goja reads tokens with json.Decoder.Token, scalars through Decoder.Decode.

const enum TokenState {
  TopValue,
  ArrayStart,
  ArrayValue,
  ArrayComma,
  ObjectStart,
  ObjectKey,
  ObjectColon,
  ObjectValue,
  ObjectComma,
}

/** A token as goja prints it after "Unexpected token at the end: " (Go's %v). */
type Token = { kind: 'delim'; text: string } | { kind: 'value'; text: string } | { kind: 'eof' };

class TokenError extends Error {}

/** Go's json.Decoder over a whole text, as far as Token() goes. */
class TokenReader {
  private pos = 0;
  private state = TokenState.TopValue;
  private readonly stack: TokenState[] = [];

  constructor(private readonly text: Uint8Array) {}

  /** The next token; throws TokenError with Go's (or goja's) message. */
  next(): Token {
    for (;;) {
      const c = this.peek();
      if (c === undefined) return { kind: 'eof' };
      switch (c) {
        case 0x5b:
        case 0x7b: {
          if (!this.valueAllowed()) throw this.tokenError(c);
          this.pos++;
          this.stack.push(this.state);
          this.state = c === 0x5b ? TokenState.ArrayStart : TokenState.ObjectStart;
          return { kind: 'delim', text: String.fromCharCode(c) };
        }
        case 0x5d:
          if (this.state !== TokenState.ArrayStart && this.state !== TokenState.ArrayComma) throw this.tokenError(c);
          return this.closeDelim(c);
        case 0x7d:
          if (this.state !== TokenState.ObjectStart && this.state !== TokenState.ObjectComma) throw this.tokenError(c);
          return this.closeDelim(c);
        case 0x3a:
          if (this.state !== TokenState.ObjectColon) throw this.tokenError(c);
          this.pos++;
          this.state = TokenState.ObjectValue;
          continue;
        case 0x2c:
          if (this.state === TokenState.ArrayComma) {
            this.pos++;
            this.state = TokenState.ArrayValue;
            continue;
          }
          if (this.state === TokenState.ObjectComma) {
            this.pos++;
            this.state = TokenState.ObjectKey;
            continue;
          }
          throw this.tokenError(c);
        default: {
          if (c === 0x22 && (this.state === TokenState.ObjectStart || this.state === TokenState.ObjectKey)) {
            const key = this.scalar();
            this.state = TokenState.ObjectColon;
            return key;
          }
          if (!this.valueAllowed()) throw this.tokenError(c);
          const value = this.scalar();
          this.valueEnd();
          return value;
        }
      }
    }
  }

  private peek(): number | undefined {
    while (this.pos < this.text.length && isSpace(this.text[this.pos] as number)) this.pos++;
    return this.text[this.pos];
  }

  private valueAllowed(): boolean {
    return [TokenState.TopValue, TokenState.ArrayStart, TokenState.ArrayValue, TokenState.ObjectValue].includes(this.state);
  }

  private valueEnd(): void {
    if (this.state === TokenState.ArrayStart || this.state === TokenState.ArrayValue) this.state = TokenState.ArrayComma;
    else if (this.state === TokenState.ObjectValue) this.state = TokenState.ObjectComma;
  }

  private closeDelim(c: number): Token {
    this.pos++;
    this.state = this.stack.pop() as TokenState;
    this.valueEnd();
    return { kind: 'delim', text: String.fromCharCode(c) };
  }

  private tokenError(c: number): TokenError {
    const context: Partial<Record<TokenState, string>> = {
      [TokenState.TopValue]: ' looking for beginning of value',
      [TokenState.ArrayStart]: ' looking for beginning of value',
      [TokenState.ArrayValue]: ' looking for beginning of value',
      [TokenState.ObjectValue]: ' looking for beginning of value',
      [TokenState.ArrayComma]: ' after array element',
      [TokenState.ObjectKey]: ' looking for beginning of object key string',
      [TokenState.ObjectColon]: ' after object key',
      [TokenState.ObjectComma]: ' after object key:value pair',
    };
    return new TokenError(`invalid character ${goQuoteChar(c)}${context[this.state] ?? ''}`);
  }

  /** Decoder.Decode of one string, number or literal: a fresh scanner up to the end of that value. */
  private scalar(): Token {
    const scan = new Scanner();
    const start = this.pos;
    for (; this.pos < this.text.length; this.pos++) {
      const step = scan.step(this.text[this.pos] as number);
      if (step === Step.End) break;
      if (step === Step.Error) throw new TokenError(scan.err?.message ?? '');
    }
    if (this.pos >= this.text.length) {
      // The text ended: a value that ends there is whole; one cut short is io.ErrUnexpectedEOF.
      if (scan.step(0x20) !== Step.End) throw new TokenError('unexpected EOF');
    }
    const json = Buffer.from(this.text.subarray(start, this.pos)).toString('utf8');
    // Decoding into interface{}: a number beyond float64 is Go's UnmarshalTypeError.
    if (/^-?\d/.test(json) && !Number.isFinite(Number(json))) throw new TokenError(`json: cannot unmarshal number ${json} into Go value of type float64`);
    return { kind: 'value', text: scalarText(json) };
  }
}

/** A scalar's JSON text as Go's %v prints the decoded value. */
function scalarText(json: string): string {
  const value = JSON.parse(json) as unknown;
  if (value === null) return '<nil>';
  if (typeof value === 'number') return formatFloatGo(value);
  return String(value);
}

/**
 * What goja's JSON.parse throws (as a SyntaxError) for `text`, or undefined when it
 * parses: the first error of reading one value token by token, then "Unexpected token at
 * the end: X" when anything but spaces follows it.
 */
export function gojaJsonParseError(text: Uint8Array): string | undefined {
  const reader = new TokenReader(text);
  try {
    readValue(reader, reader.next());
  } catch (err) {
    if (err instanceof TokenError) return err.message;
    throw err;
  }
  let trailing: Token;
  try {
    trailing = reader.next();
  } catch (err) {
    if (!(err instanceof TokenError)) throw err;
    return 'Unexpected token at the end: <nil>';
  }
  if (trailing.kind === 'eof') return undefined;
  return `Unexpected token at the end: ${trailing.text}`;
}

function readValue(reader: TokenReader, token: Token): void {
  if (token.kind === 'eof') throw new TokenError('Unexpected end of JSON input (EOF)');
  if (token.kind === 'value') return;
  if (token.text === '{') {
    for (;;) {
      const key = reader.next();
      if (key.kind === 'eof') throw new TokenError('Unexpected end of JSON input (EOF)');
      if (key.kind === 'delim') return; // '}': Token refuses any other delimiter here
      readValue(reader, reader.next());
    }
  }
  for (;;) {
    const item = reader.next();
    if (item.kind === 'eof') throw new TokenError('Unexpected end of JSON input (EOF)');
    if (item.kind === 'delim' && item.text === ']') return;
    readValue(reader, item);
  }
}
