import type { BenchSuite } from './bench-suite.js';
import { engineThroughput } from './suites/engine-throughput.js';
import { heldOutPhrasings } from './suites/held-out-phrasings.js';
import { liveLatency } from './suites/live-latency.js';
import { noiseRobustness } from './suites/noise-robustness.js';
import { partialAnalysis } from './suites/partial-analysis.js';
import { phraseMatchers } from './suites/phrase-matchers.js';
import { provisionalPolicy } from './suites/provisional-policy.js';
import { qaSearch } from './suites/qa-search.js';
import { redactionAccuracy } from './suites/redaction-accuracy.js';
import { scaleOut } from './suites/scale-out.js';

/** Every suite, in the order RESULTS.md shows them. A new suite is one file under suites/ and one line here. */
export const SUITES: readonly BenchSuite[] = [phraseMatchers, noiseRobustness, heldOutPhrasings, provisionalPolicy, partialAnalysis, engineThroughput, redactionAccuracy, liveLatency, qaSearch, scaleOut];
