// Runs `loadgate k6 run …` jobs one after another inside one Node process: the CLI's own
// main() (dist/cli/main.js) with stdout and stderr captured, the working directory set per
// job, and main()'s return value as the exit code, as bin/loadgate.js would exit with it.
// Loading the CLI costs about 2 s of CPU per process; paying it once per host instead of
// once per script is what keeps the conformance suite inside its time budget. The suite
// checks on a few scripts that the real CLI process observes the same (conformance.test.ts).
//
// Protocol (IPC, child_process.fork): parent sends {id, args, cwd}; host answers
// {id, exitCode, stdout, stderr}.
import { pathToFileURL } from 'node:url';

// fork() adds these to the environment; the scripts' __ENV must not see them (k6's would not).
delete process.env.NODE_CHANNEL_FD;
delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;

const { main } = await import(pathToFileURL(process.argv[2]).href);

const realStdoutWrite = process.stdout.write.bind(process.stdout);
const realStderrWrite = process.stderr.write.bind(process.stderr);
let capture = null;

function capturing(stream, realWrite) {
  return (chunk, encoding, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    if (capture) capture[stream] += text;
    else realWrite(`[engine-host: ${stream} written between jobs] ${text}`);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
}
process.stdout.write = capturing('stdout', realStdoutWrite);
process.stderr.write = capturing('stderr', realStderrWrite);

let queue = Promise.resolve();
process.on('message', (job) => {
  queue = queue.then(async () => {
    capture = { stdout: '', stderr: '' };
    let exitCode;
    try {
      process.chdir(job.cwd);
      exitCode = await main(job.args);
    } catch (err) {
      // What bin/loadgate.js does with an error main() lets through.
      capture.stderr += `${err && err.stack ? err.stack : String(err)}\n`;
      exitCode = 4;
    }
    // Output a VU thread sent just before the end is still in flight for a moment.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { stdout, stderr } = capture;
    capture = null;
    process.send({ id: job.id, exitCode, stdout, stderr });
  });
});
process.send({ ready: true });
