import type { DetectorFactory } from './detector.js';
import { hangupDetector } from './hangup-detector.js';
import { holdDetector } from './hold-detector.js';
import { interruptionDetector } from './interruption-detector.js';
import { paceDetector } from './pace-detector.js';
import { phraseDetector } from './phrase-detector.js';
import { requireDetector } from './require-detector.js';
import { sequenceDetector } from './sequence-detector.js';
import { silenceDetector } from './silence-detector.js';
import { suggestDetector } from './suggest-detector.js';
import { surnameDetector } from './surname-detector.js';

/** Detector kinds by the name rule packs use for them. */
export type DetectorRegistry = Readonly<Record<string, DetectorFactory<never>>>;

/** The kinds shipped with the engine. */
export const BUILTIN_DETECTORS: DetectorRegistry = {
  phrase: phraseDetector as DetectorFactory<never>,
  require: requireDetector as DetectorFactory<never>,
  hangup: hangupDetector as DetectorFactory<never>,
  pace: paceDetector as DetectorFactory<never>,
  hold: holdDetector as DetectorFactory<never>,
  silence: silenceDetector as DetectorFactory<never>,
  interruption: interruptionDetector as DetectorFactory<never>,
  sequence: sequenceDetector as DetectorFactory<never>,
  surname: surnameDetector as DetectorFactory<never>,
  suggest: suggestDetector as DetectorFactory<never>,
};
