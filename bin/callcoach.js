#!/usr/bin/env node
// The callcoach command. The TypeScript sources are compiled to dist/ by `npm ci` (the prepare script).
import { main } from '../dist/adapters/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`callcoach: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
