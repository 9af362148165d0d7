/**
 * k6's timers in the embedded engine (modules/timers.ts): k6 ends an iteration, setup(),
 * teardown() and the init context only once their timers have fired; a callback's exception
 * ends the iteration as a script exception; timers still pending then are stopped with k6's
 * warning; ids count from 1 per VU. The expected lines are what k6 v2.2.0 printed for the
 * same scripts; test/conformance/scripts/timers*.js compare with real k6 where one is installed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { captureConsole } from './helpers/target-server.js';
import { VuTimers } from '../../src/engine/modules/timers.js';

const SCRIPTS = new URL('./scripts/timers/', import.meta.url).pathname;

async function run(script: string, compat?: 'v2' | 'v0.49') {
  const cap = captureConsole();
  const r = await runScript({ scriptPath: join(SCRIPTS, script), env: {}, console: cap.console, ...(compat && { compat }) });
  return { r, lines: cap.lines };
}

const count = (r: Awaited<ReturnType<typeof run>>['r'], metric: string): number | undefined => r.summary.metrics[metric]?.values['count'];

describe('k6 timers', () => {
  it('an iteration, setup, teardown and init end only once their timers fired; ids count from 1 per VU', async () => {
    const { r, lines } = await run('iteration-waits.js');
    expect(r.exitCode).toBe(0);
    // 2 (the timeout's arguments) + 1 (the interval, once) + 10 (the last iteration's timer); the cleared one never.
    expect(count(r, 'fired')).toBe(13);
    expect(lines).toContain('init id 1 module is global true keys clearInterval,clearTimeout,setInterval,setTimeout');
    expect(lines.filter((l) => l === 'init timer fired').length).toBeGreaterThanOrEqual(2);
    for (const l of ['setup timer fired', 'teardown timer fired', 'order interval,timeout']) expect(lines).toContain(l);
    expect(lines).toContain("no callback: GoError: setTimeout's callback isn't a callable function");
    expect(lines).toContain('string callback: TypeError: could not convert function call parameter 0: could not convert code to sobek.Callable');
    // Iteration 0 took ids 2-4 (init took 1); the call without a callback took 5, the refused string none.
    expect(lines).toContain('next id 6');
  });

  it("a callback's exception ends the iteration at once; the timers left are stopped with k6's warning", async () => {
    const { r, lines } = await run('callback-throws.js');
    expect(r.exitCode).toBe(0);
    expect(count(r, 'iterations')).toBe(1);
    expect(count(r, 'after_throw')).toBeUndefined();
    expect(lines).toContain('setTimeout 1 was stopped because the VU iteration was interrupted');
    expect(lines).toContain('setInterval 2 was stopped because the VU iteration was interrupted');
    expect(lines.some((l) => /^Error: thrown in a timer\n\tat file:\/\/.*callback-throws\.js:7:28/.test(l))).toBe(true);
  });

  it('an interval never cleared runs until the executor stops the VU hard: interrupted, with the warnings of k6 v2', async () => {
    const { r, lines } = await run('interrupted.js');
    expect(r.exitCode).toBe(0);
    expect(r.interruptedIterations).toBe(1);
    expect(count(r, 'iterations')).toBeUndefined();
    expect(lines).toContain('setInterval 1 was stopped because the VU iteration was interrupted');
    expect(lines).toContain('No script iterations fully finished, consider making the test duration longer');
  });

  it('under --compat v0.49 there are no timer globals, and no warning about unfinished iterations', async () => {
    const { r, lines } = await run('interrupted.js', 'v0.49');
    expect(r.exitCode).toBe(0);
    expect(lines.some((l) => l.startsWith('ReferenceError: setTimeout is not defined') || l.startsWith('ReferenceError: setInterval is not defined'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/fully finished/);
  });

  it("a callback still running when its iteration was stopped is not the next iteration's business", async () => {
    const warnings: string[] = [];
    const timers = new VuTimers((t) => warnings.push(t));
    let reject: (e: Error) => void = () => undefined;
    // An async callback (one the script rewrite made async), still awaiting when the iteration ends.
    timers.functions.setTimeout(() => new Promise<void>((_, r) => (reject = r)), 0);
    const never = async (): Promise<boolean> => new Promise<boolean>(() => undefined);
    const waiting = timers.settle(never);
    await new Promise((r) => setTimeout(r, 20));
    expect(timers.busy).toBe(true);
    timers.stopPending();
    expect(timers.busy).toBe(false);
    reject(new Error('late failure'));
    await new Promise((r) => setTimeout(r, 5));
    // Neither busy again nor carrying the old callback's error into the next settle.
    expect(timers.busy).toBe(false);
    await expect(timers.settle(never)).resolves.toBe(true);
    void waiting.catch(() => undefined);
    expect(warnings).toEqual([]);
  });
});
