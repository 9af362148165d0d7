#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled library (npm run build).

// `loadgate k6 run` needs a VU thread: it boots (Node, the worker bundle) on another core while
// the CLI's modules load here, which is most of a short run's start-up.
if (process.argv[2] === 'k6' && process.argv[3] === 'run') {
  const { prestartWorkerThreads } = await import('../dist/engine/controller/worker-bundle.js');
  prestartWorkerThreads(1);
}

const { main } = await import('../dist/cli/main.js');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(4);
  },
);
