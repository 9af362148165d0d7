#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled library (npm run build).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(4);
  },
);
