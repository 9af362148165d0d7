/**
 * K6_* environment variables as k6 reads them into options (runner/k6-env-options.ts), and
 * Go's time.ParseDuration (core/go-parse-duration.ts). The expected messages are k6 v2.2.0's
 * (and v0.49.0's: the same words) for the same values.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envOptions, EnvOptionError } from '../../src/runner/k6-env-options.js';
import { goParseDuration } from '../../src/core/go-parse-duration.js';
import { runCli } from '../helpers/cli.js';

function refusal(env: Record<string, string>): [string, boolean] | 'accepted' {
  try {
    envOptions(env);
    return 'accepted';
  } catch (err) {
    if (!(err instanceof EnvOptionError)) throw err;
    return [err.message, err.usage];
  }
}

describe('K6_* option variables', () => {
  it('read as k6 reads them', () => {
    expect(envOptions({ K6_VUS: '+2', K6_DURATION: '10', K6_ITERATIONS: '', K6_THROW: 'true', K6_NO_THRESHOLDS: 'T', K6_TAGS: 'a:1,b:2', K6_SETUP_TIMEOUT: '1d1.5s', K6_BLACKLIST_IPS: '10.0.0.0/8', K6_USER_AGENT: 'x/1', K6_PATH: '/usr/bin/k6' })).toEqual({
      vus: 2,
      duration: '10ms',
      throw: true,
      noThresholds: true,
      tags: { a: '1', b: '2' },
      setupTimeout: '86401500ms',
      blacklistIPs: ['10.0.0.0/8'],
      userAgent: 'x/1',
    });
  });

  it("refuse what k6 refuses, in k6's words", () => {
    expect(refusal({ K6_THROW: '1' })).toEqual(["envconfig.Process: assigning K6_THROW to Throw: converting '1' to type null.Bool. details: invalid input:1", false]);
    expect(refusal({ K6_VUS: 'x' })).toEqual(['envconfig.Process: assigning K6_VUS to VUs: converting \'x\' to type null.Int. details: strconv.ParseInt: parsing "x": invalid syntax', false]);
    expect(refusal({ K6_RPS: 'x' })).toEqual(['envconfig.Process: assigning K6_RPS to RPS: converting \'x\' to type null.Int. details: strconv.ParseInt: parsing "x": invalid syntax', false]);
    expect(refusal({ K6_BATCH: '1.5' })).toEqual(['envconfig.Process: assigning K6_BATCH to Batch: converting \'1.5\' to type null.Int. details: strconv.ParseInt: parsing "1.5": invalid syntax', false]);
    expect(refusal({ K6_DURATION: '1x' })).toEqual(['envconfig.Process: assigning K6_DURATION to Duration: converting \'1x\' to type types.NullDuration. details: time: unknown unit "x" in duration "1x"', false]);
    expect(refusal({ K6_SETUP_TIMEOUT: '1.5s2' })).toEqual(['envconfig.Process: assigning K6_SETUP_TIMEOUT to SetupTimeout: converting \'1.5s2\' to type types.NullDuration. details: time: missing unit in duration "1.5s2"', false]);
    expect(refusal({ K6_SETUP_TIMEOUT: '.s' })).toEqual(['envconfig.Process: assigning K6_SETUP_TIMEOUT to SetupTimeout: converting \'.s\' to type types.NullDuration. details: time: invalid duration ".s"', false]);
    expect(refusal({ K6_BLACKLIST_IPS: 'x' })).toEqual(["envconfig.Process: assigning K6_BLACKLIST_IPS to BlacklistIPs: converting 'x' to type []*lib.IPNet. details: failed to parse CIDR 'x': invalid CIDR address: x", false]);
    expect(refusal({ K6_BLOCK_HOSTNAMES: 'a.*.b' })).toEqual(["envconfig.Process: assigning K6_BLOCK_HOSTNAMES to BlockedHostnames: converting 'a.*.b' to type types.NullHostnameTrie. details: invalid hostname pattern 'a.*.b'", false]);
    expect(refusal({ K6_TAGS: 'b=2' })).toEqual(['envconfig.Process: assigning K6_TAGS to RunTags: converting \'b=2\' to type map[string]string. details: invalid map item: "b=2"', false]);
    expect(refusal({ K6_LOCAL_IPS: 'x' })).toEqual(["envconfig.Process: assigning K6_LOCAL_IPS to LocalIPs: converting 'x' to type types.NullIPPool. details: x is not a valid IP, IP range or CIDR", false]);
    expect(envOptions({ K6_LOCAL_IPS: '127.0.0.2-127.0.0.4' })).toEqual({ localIPs: '127.0.0.2-127.0.0.4' });
    expect(refusal({ K6_DNS: 'select=x' })).toEqual(["envconfig.Process: assigning K6_DNS to DNS: converting 'select=x' to type types.DNSConfig. details: x does not belong to DNSSelect values", false]);
    expect(refusal({ K6_DNS: 'ttl' })).toEqual(["envconfig.Process: assigning K6_DNS to DNS: converting 'ttl' to type types.DNSConfig. details: no value for key ttl", false]);
    expect(envOptions({ K6_DNS: 'policy=onlyIPv6' })).toEqual({ dns: { policy: 'onlyIPv6' } });
    expect(envOptions({ K6_PAUSED: 'true' })).toEqual({ paused: true });
    expect(refusal({ K6_LINGER: 'yes' })).toEqual(["envconfig.Process: assigning K6_LINGER to Linger: converting 'yes' to type null.Bool. details: invalid input:yes", false]);
    expect(refusal({ K6_NO_THRESHOLDS: 'x' })).toEqual(['env var \'K6_NO_THRESHOLDS\' is not a valid boolean value: strconv.ParseBool: parsing "x": invalid syntax', true]);
  });

  it('reach the engine under the flags: exit codes and options as in k6', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-k6-env-'));
    const script = join(dir, 'env.js');
    writeFileSync(script, `import exec from 'k6/execution';\nexport const options = { iterations: 1, thresholds: { iterations: ['count>50'] }, userAgent: 'script/1' };\nexport default function () { if (exec.scenario.iterationInTest === 0) console.log(exec.test.options.userAgent + ' ' + JSON.stringify(exec.test.options.tags)); }\n`);
    const ok = await runCli(['k6', 'run', '-q', '--user-agent', 'cli/1', script], { cwd: dir, env: { K6_ITERATIONS: '4', K6_USER_AGENT: 'env/3', K6_NO_THRESHOLDS: 'true', K6_TAGS: 'b:2' } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('msg="cli/1 {\\"b\\":\\"2\\"}"');
    const bad = await runCli(['k6', 'run', '-q', script], { cwd: dir, env: { K6_THROW: 'x' } });
    expect(bad.code).toBe(104);
    const bad049 = await runCli(['k6', 'run', '-q', '--compat', 'v0.49', script], { cwd: dir, env: { K6_THROW: 'x' } });
    expect(bad049.code).toBe(255);
    expect(bad049.stderr).toContain('level=error msg="envconfig.Process: assigning K6_THROW to Throw: converting \'x\' to type null.Bool. details: invalid input:x"');
  });
});

describe("Go's time.ParseDuration", () => {
  it.each([
    ['1h2m3.5s', 3_723_500],
    ['-300ms', -300],
    ['2µs', 0.002],
    ['0', 0],
    ['1.5h', 5_400_000],
  ])('%s', (text, ms) => expect(goParseDuration(text)).toEqual({ ok: true, ms }));
  it.each([
    ['', 'time: invalid duration ""'],
    ['x', 'time: invalid duration "x"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['99999999999999999999s', 'time: invalid duration "99999999999999999999s"'],
  ])('%s is refused', (text, error) => expect(goParseDuration(text)).toEqual({ ok: false, error }));
});
