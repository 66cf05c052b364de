import type { DetectorFactory } from './detector.js';
import { hangupDetector } from './hangup-detector.js';
import { phraseDetector } from './phrase-detector.js';
import { requireDetector } from './require-detector.js';

/** Detector kinds by the name rule packs use for them. */
export type DetectorRegistry = Readonly<Record<string, DetectorFactory<never>>>;

/** The kinds shipped with the engine. */
export const BUILTIN_DETECTORS: DetectorRegistry = {
  phrase: phraseDetector as DetectorFactory<never>,
  require: requireDetector as DetectorFactory<never>,
  hangup: hangupDetector as DetectorFactory<never>,
};
