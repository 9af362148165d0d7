/**
 * The test options k6 reads from `K6_*` environment variables (its envconfig layer: over the
 * script's options, under the CLI's flags), for the options `loadgate k6 run` also takes as
 * flags, and k6's error for a value it cannot read, word for word:
 * `envconfig.Process: assigning K6_VUS to VUs: converting 'x' to type null.Int. details: …`.
 */
import { parseK6Duration } from '../core/go-parse-duration.js';
import { goQuote } from '../core/go-quote.js';
import { isHostnamePattern, parseCidr } from '../engine/options/network-options.js';
import { parseLocalIps } from '../engine/options/local-ips.js';
import { parseDnsText } from '../engine/options/dns-options.js';
import { goParseBool, goParseInt } from '../core/go-strconv.js';

type Kind = 'int' | 'bool' | 'string' | 'duration' | 'cidrs' | 'hostnames' | 'tags' | 'ippool' | 'dns';

interface EnvOption {
  variable: string;
  /** The Go field envconfig names in its error. */
  field: string;
  option: string;
  kind: Kind;
}

const GO_TYPES: Record<Kind, string> = {
  int: 'null.Int',
  bool: 'null.Bool',
  string: 'null.String',
  duration: 'types.NullDuration',
  cidrs: '[]*lib.IPNet',
  hostnames: 'types.NullHostnameTrie',
  tags: 'map[string]string',
  ippool: 'types.NullIPPool',
  dns: 'types.DNSConfig',
};

const ENV_OPTIONS: EnvOption[] = [
  ['K6_VUS', 'VUs', 'vus', 'int'],
  ['K6_DURATION', 'Duration', 'duration', 'duration'],
  ['K6_ITERATIONS', 'Iterations', 'iterations', 'int'],
  ['K6_BATCH', 'Batch', 'batch', 'int'],
  ['K6_RPS', 'RPS', 'rps', 'int'],
  ['K6_BATCH_PER_HOST', 'BatchPerHost', 'batchPerHost', 'int'],
  ['K6_MAX_REDIRECTS', 'MaxRedirects', 'maxRedirects', 'int'],
  ['K6_USER_AGENT', 'UserAgent', 'userAgent', 'string'],
  ['K6_THROW', 'Throw', 'throw', 'bool'],
  ['K6_NO_SETUP', 'NoSetup', 'noSetup', 'bool'],
  ['K6_NO_TEARDOWN', 'NoTeardown', 'noTeardown', 'bool'],
  ['K6_NO_CONNECTION_REUSE', 'NoConnectionReuse', 'noConnectionReuse', 'bool'],
  ['K6_NO_VU_CONNECTION_REUSE', 'NoVUConnectionReuse', 'noVUConnectionReuse', 'bool'],
  ['K6_DISCARD_RESPONSE_BODIES', 'DiscardResponseBodies', 'discardResponseBodies', 'bool'],
  ['K6_INSECURE_SKIP_TLS_VERIFY', 'InsecureSkipTLSVerify', 'insecureSkipTLSVerify', 'bool'],
  ['K6_MIN_ITERATION_DURATION', 'MinIterationDuration', 'minIterationDuration', 'duration'],
  ['K6_SETUP_TIMEOUT', 'SetupTimeout', 'setupTimeout', 'duration'],
  ['K6_TEARDOWN_TIMEOUT', 'TeardownTimeout', 'teardownTimeout', 'duration'],
  ['K6_BLACKLIST_IPS', 'BlacklistIPs', 'blacklistIPs', 'cidrs'],
  ['K6_BLOCK_HOSTNAMES', 'BlockedHostnames', 'blockHostnames', 'hostnames'],
  ['K6_TAGS', 'RunTags', 'tags', 'tags'],
  ['K6_LOCAL_IPS', 'LocalIPs', 'localIPs', 'ippool'],
  ['K6_DNS', 'DNS', 'dns', 'dns'],
  ['K6_PAUSED', 'Paused', 'paused', 'bool'],
  // Not a test option: the runner takes it out (k6-run.ts).
  ['K6_LINGER', 'Linger', 'linger', 'bool'],
].map(([variable, field, option, kind]) => ({ variable, field, option, kind }) as EnvOption);

/** A `K6_*` value k6 cannot read; `usage`: k6 exits 255 for it rather than 104 (envOptions). */
export class EnvOptionError extends Error {
  constructor(
    message: string,
    readonly usage: boolean,
  ) {
    super(message);
  }
}

/** k6's NullDuration: a number is milliseconds, `Nd` leads days, the rest is Go's time.ParseDuration. */
function readDuration(text: string): string {
  // envconfig also takes a fraction of a millisecond (`1.5`), which k6's text reader does not.
  if (/^[+-]?\d+\.\d+$/.test(text)) return `${Number(text)}ms`;
  const parsed = parseK6Duration(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return `${parsed.ms}ms`;
}

function read(kind: Kind, text: string): unknown {
  switch (kind) {
    case 'int': {
      const parsed = goParseInt(text);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.value;
    }
    case 'bool':
      // null.Bool reads JSON: only true and false.
      if (text !== 'true' && text !== 'false') throw new Error(`invalid input:${text}`);
      return text === 'true';
    case 'string':
      return text;
    case 'duration':
      return readDuration(text);
    case 'cidrs':
      return text.split(',').map((c) => {
        if (!parseCidr(c)) throw new Error(`failed to parse CIDR '${c}': invalid CIDR address: ${c}`);
        return c;
      });
    case 'hostnames':
      return text.split(',').map((p) => {
        if (!isHostnamePattern(p)) throw new Error(`invalid hostname pattern '${p}'`);
        return p;
      });
    case 'dns':
      return parseDnsText(text);
    case 'ippool':
      parseLocalIps(text);
      return text;
    case 'tags':
      return Object.fromEntries(
        text.split(',').map((item) => {
          const at = item.indexOf(':');
          if (at < 0) throw new Error(`invalid map item: ${goQuote(item)}`);
          return [item.slice(0, at), item.slice(at + 1)];
        }),
      );
  }
}

/**
 * The options `env` sets; an empty variable sets nothing, as in k6.
 * @throws EnvOptionError with k6's message (`usage`: k6 exits 255 for it, else 104; k6 v0.49 255 for all)
 */
export function envOptions(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // K6_NO_THRESHOLDS is read apart from the others in k6, with strconv.ParseBool.
  const noThresholds = env['K6_NO_THRESHOLDS'];
  if (noThresholds !== undefined && noThresholds !== '') {
    const b = goParseBool(noThresholds);
    if (b === undefined) throw new EnvOptionError(`env var 'K6_NO_THRESHOLDS' is not a valid boolean value: strconv.ParseBool: parsing ${goQuote(noThresholds)}: invalid syntax`, true);
    out.noThresholds = b;
  }
  for (const o of ENV_OPTIONS) {
    const text = env[o.variable];
    if (text === undefined || text === '') continue;
    try {
      out[o.option] = read(o.kind, text);
    } catch (err) {
      throw new EnvOptionError(`envconfig.Process: assigning ${o.variable} to ${o.field}: converting '${text}' to type ${GO_TYPES[o.kind]}. details: ${(err as Error).message}`, false);
    }
  }
  return out;
}
