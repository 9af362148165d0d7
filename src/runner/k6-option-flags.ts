/**
 * `k6 run`'s flags that set a test option (`--tag`, `--no-thresholds`, `--user-agent`…), as
 * `loadgate k6 run` takes them: each flag, how its value reads, and the option it sets. The
 * CLI registers them from this table; optionsFromFlags() turns what was parsed into options
 * that go over the script's own (k6's order: CLI flags win; a flag replaces the option whole,
 * `--tag` the script's `tags` too; `--dns` only the fields it names).
 */

import { goParseDuration } from '../core/go-parse-duration.js';
import { goParseInt } from '../core/go-strconv.js';
import { formatGoDuration } from '../engine/options/duration.js';
import { LocalIpsError, parseLocalIps } from '../engine/options/local-ips.js';
import { DnsOptionError, parseDnsText } from '../engine/options/dns-options.js';

/** A flag's parsed value → the option's value; throws (with k6's meaning) on a bad value. */
type Reader = (value: string, previous: unknown) => unknown;

export interface K6OptionFlag {
  /** As commander takes it: `--batch <n>`, `-w, --throw`, `--no-setup`. */
  flags: string;
  description: string;
  /** The option it sets. */
  option: string;
  /** The key commander stores the flag under (camelCase; `--no-x` stores `x: false`). */
  parsedKey: string;
  /** The option's value from the flag's (absent for bare flags: `true`). */
  read?: Reader;
  /** Repeatable: the reader receives what the flag gave before. */
  repeatable?: boolean;
  /** A flag whose value is optional: its value when given bare (pflag's NoOptDefVal). */
  preset?: string;
}

export class FlagValueError extends Error {}

/**
 * pflag's int flag, Go's strconv.ParseInt: `invalid argument "x" for "--batch" flag: …`. A
 * negative or zero count is for k6's configuration check to refuse, not the flag.
 */
export function int(flag: string): (value: string) => number {
  return (value) => {
    const parsed = goParseInt(value);
    if (!parsed.ok) throw new FlagValueError(`invalid argument "${value}" for "${flag}" flag: ${parsed.error}`);
    return parsed.value;
  };
}

/** pflag's duration flag, Go's time.ParseDuration (no days, unlike a script's durations); the text is kept. */
export function duration(flag: string): (value: string) => string {
  return (value) => {
    const parsed = goParseDuration(value);
    if (!parsed.ok) throw new FlagValueError(`invalid argument "${value}" for "${flag}" flag: ${parsed.error}`);
    return value;
  };
}

/** pflag's string slice: comma-separated, repeatable. */
const list: Reader = (value, previous) => [...((previous as string[] | undefined) ?? []), ...value.split(',').filter((v) => v !== '')];

const text: Reader = (value) => value;

/** `--tag NAME=VALUE`, repeatable. */
/** `--tag NAME=VALUE`, repeatable; a missing name or value refused in k6's words (exit 255). */
const tag: Reader = (value, previous) => {
  const at = value.indexOf('=');
  if (at === 0) throw new FlagValueError(`error parsing tag '${value}': invalid tag, empty name`);
  if (at < 0 || at === value.length - 1) throw new FlagValueError(`error parsing tag '${value}': invalid tag, empty value`);
  return { ...((previous as Record<string, string> | undefined) ?? {}), [value.slice(0, at)]: value.slice(at + 1) };
};

/** `--local-ips`: k6 refuses a bad pool in its own words (`x is not a valid IP, IP range or CIDR`), exit 255. */
const localIps: Reader = (value) => {
  try {
    parseLocalIps(value);
  } catch (err) {
    if (err instanceof LocalIpsError) throw new FlagValueError(err.message);
    throw err;
  }
  return value;
};

/** `--dns ttl=1m,select=first,policy=any`: k6 refuses a bad one in its own words (`no value for key ttl`), exit 255. */
const dns: Reader = (value) => {
  try {
    return parseDnsText(value);
  } catch (err) {
    if (err instanceof DnsOptionError) throw new FlagValueError(err.message);
    throw err;
  }
};

export const K6_OPTION_FLAGS: readonly K6OptionFlag[] = [
  { flags: '--batch <n>', description: 'requests of one http.batch() in flight at once (options.batch)', option: 'batch', parsedKey: 'batch', read: int('--batch') },
  { flags: '--batch-per-host <n>', description: 'of those, at most this many per host (options.batchPerHost)', option: 'batchPerHost', parsedKey: 'batchPerHost', read: int('--batch-per-host') },
  { flags: '--blacklist-ip <cidrs>', description: 'refuse connections to these ranges, comma-separated (options.blacklistIPs)', option: 'blacklistIPs', parsedKey: 'blacklistIp', read: list, repeatable: true },
  { flags: '--block-hostnames <patterns>', description: 'refuse these host names, comma-separated, *.suffix allowed (options.blockHostnames)', option: 'blockHostnames', parsedKey: 'blockHostnames', read: list, repeatable: true },
  { flags: '--discard-response-bodies', description: 'read and drop response bodies (options.discardResponseBodies)', option: 'discardResponseBodies', parsedKey: 'discardResponseBodies' },
  { flags: '--insecure-skip-tls-verify', description: 'do not verify TLS certificates (options.insecureSkipTLSVerify)', option: 'insecureSkipTLSVerify', parsedKey: 'insecureSkipTlsVerify' },
  { flags: '--max-redirects <n>', description: 'redirects followed per request (options.maxRedirects)', option: 'maxRedirects', parsedKey: 'maxRedirects', read: int('--max-redirects') },
  { flags: '--min-iteration-duration <duration>', description: 'shortest iteration, e.g. 1s (options.minIterationDuration)', option: 'minIterationDuration', parsedKey: 'minIterationDuration', read: text },
  { flags: '--no-connection-reuse', description: 'a new connection for every request (options.noConnectionReuse)', option: 'noConnectionReuse', parsedKey: 'connectionReuse' },
  { flags: '--no-vu-connection-reuse', description: 'no connection kept between iterations (options.noVUConnectionReuse)', option: 'noVUConnectionReuse', parsedKey: 'vuConnectionReuse' },
  { flags: '--no-setup', description: 'do not run setup() (options.noSetup)', option: 'noSetup', parsedKey: 'setup' },
  { flags: '--no-teardown', description: 'do not run teardown() (options.noTeardown)', option: 'noTeardown', parsedKey: 'teardown' },
  { flags: '--no-thresholds', description: 'do not judge thresholds (options.noThresholds)', option: 'noThresholds', parsedKey: 'thresholds' },
  { flags: '--tag <NAME=VALUE>', description: "a tag on every sample, repeatable; replaces the script's tags (options.tags)", option: 'tags', parsedKey: 'tag', read: tag, repeatable: true },
  { flags: '-w, --throw', description: 'throw on failed requests instead of warning (options.throw)', option: 'throw', parsedKey: 'throw' },
  { flags: '--user-agent <ua>', description: 'User-Agent header of requests (options.userAgent)', option: 'userAgent', parsedKey: 'userAgent', read: text },
  { flags: '--rps <n>', description: 'requests per second for the whole test (options.rps)', option: 'rps', parsedKey: 'rps', read: int('--rps') },
  { flags: '--system-tags <tags>', description: 'the system tags samples carry, comma-separated (options.systemTags; vu and iter are not added)', option: 'systemTags', parsedKey: 'systemTags', read: list, repeatable: true },
  { flags: '--dns <config>', description: 'DNS: ttl=<duration|inf|0>, select=first|random|roundRobin, policy=preferIPv4|preferIPv6|onlyIPv4|onlyIPv6|any, comma-separated (options.dns)', option: 'dns', parsedKey: 'dns', read: dns },
  { flags: '--local-ips <ips>', description: 'source addresses of the VUs: IPs, ranges (a-b) and CIDRs, comma-separated; VU n connects from the nth', option: 'localIPs', parsedKey: 'localIps', read: localIps },
  { flags: '--http-debug [mode]', description: 'log each request and response as k6 dumps them; =full with their bodies (options.httpDebug)', option: 'httpDebug', parsedKey: 'httpDebug', read: (v) => v, preset: 'headers' },
  { flags: '--console-output <file>', description: "the script's console lines to this file (appended), not the log", option: 'consoleOutput', parsedKey: 'consoleOutput', read: text },
  { flags: '--paused', description: 'start paused (options.paused): the VUs are initialized and the test waits for Ctrl-C (there is no REST API to resume it), as k6 with --address=', option: 'paused', parsedKey: 'paused' },
];

/**
 * k6's `-s/--stage duration[:target]` values (cmd ParseStage): Go's time.ParseDuration for the
 * duration, strconv.ParseInt for the target (none: the stage has no target, which the
 * configuration check then refuses). Throws with k6's words (k6 exits 255 for them).
 */
export function parseStageFlags(values: string[]): Array<{ duration: string; target?: number }> {
  return values.map((value, i) => {
    const at = value.indexOf(':');
    const durationText = at < 0 ? value : value.slice(0, at);
    const targetText = at < 0 ? '' : value.slice(at + 1);
    if (durationText === '') throw new Error(`stage ${i} doesn't have a specified duration`);
    const d = goParseDuration(durationText);
    if (!d.ok) throw new Error(`error for stage ${i}: ${d.error}`);
    const stage: { duration: string; target?: number } = { duration: formatGoDuration(d.ms) };
    if (targetText !== '') {
      const target = goParseInt(targetText);
      if (!target.ok) throw new Error(`error for stage ${i}: ${target.error}`);
      stage.target = target.value;
    }
    return stage;
  });
}

/**
 * The options the flags set, from commander's parsed values. A bare flag is `true`; a
 * `--no-x` flag is `x: false` in what commander parsed, and the option `true`. `given` says
 * whether the command line set a key (a `--no-x` flag's key is `true` by default): a bool
 * flag given as false (`--throw=false`, `--no-setup=false`) sets its option false, over the
 * script's, as in k6.
 */
export function optionsFromFlags(parsed: Record<string, unknown>, given: (key: string) => boolean = () => false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of K6_OPTION_FLAGS) {
    const v = parsed[f.parsedKey];
    if (v === undefined) continue;
    if (f.flags.startsWith('--no-')) {
      if (v === false) out[f.option] = true;
      else if (given(f.parsedKey)) out[f.option] = false;
    } else if (v === false) {
      out[f.option] = false;
    } else if (f.read === undefined || v === true) {
      out[f.option] = f.preset ?? true;
    } else out[f.option] = v;
  }
  return out;
}
