/**
 * `loadgate k6 run`'s command line as k6 reads its own (Go's pflag, under cobra): bool flags
 * given a value after `=`, and bad input refused with pflag's words as one k6 log line, exit
 * 255 (a count or duration that parses but is out of range is for the configuration check, 104).
 * Each case's expected line was recorded from k6 v2.2.0 and v0.49.0, which say the same; where
 * real k6 is found the same command lines go to it too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { K6Compat } from '../../src/engine/k6-compat.js';
import { runCli } from '../helpers/cli.js';
import { k6LogText } from '../helpers/k6-log.js';
import { everyK6Generation } from '../helpers/real-k6.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgate-k6-pflag-'));
// Prints what the flags under test change: the environment it was given, its tags and options.
writeFileSync(
  join(dir, 's.js'),
  `import exec from 'k6/execution';
export const options = { noSetup: true };
export function setup() { console.log('setup ran'); }
export default function () { console.log('FOO=' + JSON.stringify(__ENV.FOO) + ' tags=' + JSON.stringify(exec.test.options.tags) + ' throw=' + exec.test.options.throw); }
`,
);

const ARGS_HINT = ': arg should either be "-", if reading script from stdin, or a path to a script file';

/** [what it checks, the command line after `run -q`, k6's exit code, the log lines k6 prints]. */
const CASES: Array<[string, string[], number, string[]]> = [
  ['an unknown flag, with a value', ['--nope=3', 's.js'], 255, ['unknown flag: --nope']],
  ['an unknown shorthand inside a group', ['-qxy', 's.js'], 255, ["unknown shorthand flag: 'x' in -xy"]],
  ['a flag missing its value, long', ['s.js', '--vus'], 255, ['flag needs an argument: --vus']],
  ['a flag missing its value, short in a group', ['s.js', '-qu'], 255, ["flag needs an argument: 'u' in -u"]],
  ['a count that does not parse', ['--vus', 'x', 's.js'], 255, ['invalid argument "x" for "-u, --vus" flag: strconv.ParseInt: parsing "x": invalid syntax']],
  ['an empty count after =', ['--iterations=', 's.js'], 255, ['invalid argument "" for "-i, --iterations" flag: strconv.ParseInt: parsing "": invalid syntax']],
  ['a count below 1 parses, then the configuration is refused', ['--vus', '-1', '-i', '2', 's.js'], 104, ['There were problems with the specified script configuration:', '\t- scenario default has configuration errors: the number of VUs must be more than 0']],
  ["a duration Go's ParseDuration refuses (no days on the command line)", ['-d', '1d', 's.js'], 255, ['invalid argument "1d" for "-d, --duration" flag: time: unknown unit "d" in duration "1d"']],
  ['a duration without a unit', ['--duration=90', 's.js'], 255, ['invalid argument "90" for "-d, --duration" flag: time: missing unit in duration "90"']],
  ['a bool flag with a word ParseBool does not take', ['--linger=yes', 's.js'], 255, ['invalid argument "yes" for "-l, --linger" flag: strconv.ParseBool: parsing "yes": invalid syntax']],
  ['a --no- flag with a bad value', ['--no-setup=x', 's.js'], 255, ['invalid argument "x" for "--no-setup" flag: strconv.ParseBool: parsing "x": invalid syntax']],
  ['a tag without a value', ['--tag', 'x=', 's.js'], 255, ["error parsing tag 'x=': invalid tag, empty value"]],
  ['a tag without a name', ['--tag', '=x', 's.js'], 255, ["error parsing tag '=x': invalid tag, empty name"]],
  ['an environment variable name k6 does not take', ['-e', '1A=x', 's.js'], 255, ["invalid environment variable name '1A'"]],
  ['a segment end that does not parse', ['--execution-segment', '1/3:x', 's.js'], 255, ["'x' is not a valid percentage, decimal, fraction or interval value"]],
  ['a percentage that is not whole', ['--execution-segment', '10.5%', 's.js'], 255, ["'10.5%' is not a valid percentage"]],
  ['a segment starting below 0', ['--execution-segment=-1:0.5', 's.js'], 255, ['segment start value must be at least 0 but was -1.00']],
  ['an empty segment', ['--execution-segment', '1/3:0.333', 's.js'], 255, ['segment start(0.33) must be less than its end(0.33)']],
  ['a segment past 1', ['--execution-segment', '1/2:5/4', 's.js'], 255, ["segment end value can't be more than 1 but was 1.25"]],
  ['a sequence of one point', ['--execution-segment-sequence', '1/3', 's.js'], 255, ['at least 2 points are needed for an execution segment sequence, 1 given']],
  ['a sequence that goes back', ['--execution-segment-sequence', '0,0.5,0.4', 's.js'], 255, ['segment start(0.50) must be less than its end(0.40)']],
  ['a segment not in the sequence: the configuration check', ['--execution-segment', '0:1/3', '--execution-segment-sequence', '0,1/2,1', 's.js'], 104, ['There were problems with the specified script configuration:', "\t- provided segment 0:1/3 can't be found in sequence 0,1/2,1"]],
  ['--local-ips: not an address', ['--local-ips', 'x', 's.js'], 255, ['x is not a valid IP, IP range or CIDR']],
  ['--local-ips: a range that goes back', ['--local-ips=127.0.0.5-127.0.0.2', 's.js'], 255, ['negative IP range: 127.0.0.5-127.0.0.2']],
  ['--local-ips: a CIDR prefix too long, after a good range', ['--local-ips', '127.0.0.2-127.0.0.3,127.0.0.1/33', 's.js'], 255, ['parseCIDR() failed parsing 127.0.0.1/33: invalid CIDR address: 127.0.0.1/33']],
  ['--dns: a key without a value', ['--dns', 'ttl', 's.js'], 255, ['no value for key ttl']],
  ['--dns: a select k6 does not have', ['--dns=ttl=1m,select=fastest', 's.js'], 255, ['fastest does not belong to DNSSelect values']],
  ['--dns: a ttl k6 cannot read, found after the script loaded', ['--dns', 'ttl=-1s', 's.js'], 255, ['invalid DNS TTL: -1s']],
  ['no script', [], 255, [`accepts 1 arg(s), received 0${ARGS_HINT}`]],
  ['two scripts', ['s.js', 's.js'], 255, [`accepts 1 arg(s), received 2${ARGS_HINT}`]],
  ['-e NAME alone: set, empty (over the system environment)', ['-e', 'FOO', 's.js'], 0, ['FOO="" tags=null throw=null']],
  ['bool flags given values: --throw=T, --no-setup=false over the script\'s noSetup, --include-system-env-vars=0', ['--throw=T', '--no-setup=false', '--include-system-env-vars=0', 's.js'], 0, ['setup ran', 'FOO=undefined tags=null throw=true']],
  ['the last of a bool flag wins: --throw then --throw=false', ['--throw', '--throw=false', '-w=1', '--throw=f', 's.js'], 0, ['FOO="sys" tags=null throw=false']],
  ['flags after the script, a tag with = in its value', ['s.js', '--tag', 'a=b=c', '-e', 'FOO=1'], 0, ['FOO="1" tags={"a":"b=c"} throw=null']],
];

interface Outcome {
  code: number;
  lines: string[];
}

const outcome = (code: number, stderr: string): Outcome => ({ code, lines: k6LogText(stderr).split('\n').filter((l) => l !== '') });

function engine(compat: K6Compat, args: string[]): Promise<Outcome> {
  return runCli(['k6', 'run', '-q', '--compat', compat, ...args], { cwd: dir, env: { FOO: 'sys' } }).then((r) => outcome(r.code, r.stderr));
}

function k6(path: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    // FOO is in the system environment: __ENV has it unless --include-system-env-vars=0.
    const env = { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false', FOO: 'sys' };
    execFile(path, ['run', '-q', '--address=', ...args], { cwd: dir, timeout: 60_000, env }, (error, _stdout, stderr) => {
      resolve(outcome(error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr));
    });
  });
}

describe.concurrent("k6 run's command line, read as pflag reads it", () => {
  it.each(CASES)('%s', async (_what, args, code, lines) => {
    // The command line is read before the generation matters: --compat v0.49 only where the engine runs.
    for (const compat of code === 255 ? (['v2'] as const) : (['v2', 'v0.49'] as const)) expect(await engine(compat, args), compat).toEqual({ code, lines });
  });
});

for (const g of everyK6Generation(import.meta.url, 'the command-line comparison')) {
  describe.concurrent(`k6 run's command line, the same as ${g.name}`, () => {
    it.each(CASES)('%s', async (_what, args, code, lines) => {
      expect(await k6(g.path, args)).toEqual({ code, lines });
    });
  });
}
