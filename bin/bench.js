#!/usr/bin/env node
// `npm run bench`: every suite under benchmarks/ (compiled to dist/ by the build), results to benchmarks/RESULTS.md.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchmarks } from '../dist/benchmarks/run-benchmarks.js';

runBenchmarks(process.argv.slice(2), join(dirname(fileURLToPath(import.meta.url)), '..')).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bench: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
