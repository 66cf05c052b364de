import { resolveGoogleSpeechConfig, type GoogleSpeechOverrides } from '../google-speech/google-speech-config.js';
import { googleSpeechRecognizer } from '../google-speech/google-speech-recognizer.js';
import type { TranscribeDeps } from '../google-speech/transcribe-call.js';
import type { Logger } from '../log/logger.js';
import { resolveSherpaOnnxConfig, type SherpaOnnxOverrides } from '../sherpa-onnx/sherpa-onnx-config.js';
import { sherpaOnnxRecognizer } from '../sherpa-onnx/sherpa-onnx-recognizer.js';
import { RecognizerError } from './recognizer-error.js';
import { RECOGNIZER_NAMES, type Recognizer, type RecognizerName } from './recognizer.js';

/** Environment variable choosing the recogniser when the command line does not. */
export const RECOGNIZER_ENV = 'CALLCOACH_RECOGNIZER';

/** Which recogniser, with that recogniser's own options. */
export interface RecognizerChoice {
  readonly name?: string;
  readonly google?: GoogleSpeechOverrides;
  readonly sherpaOnnx?: SherpaOnnxOverrides;
  readonly log?: Logger;
  readonly googleDeps?: TranscribeDeps;
}

/**
 * The recogniser the configuration names (`name`, else CALLCOACH_RECOGNIZER, else google), with its configuration
 * validated now: missing credentials or model files fail at start-up with the recogniser's own catalogued error.
 */
export function resolveRecognizer(choice: RecognizerChoice = {}, env: NodeJS.ProcessEnv = process.env): Recognizer {
  const name = choice.name ?? env[RECOGNIZER_ENV] ?? 'google';
  if (!(RECOGNIZER_NAMES as readonly string[]).includes(name)) {
    throw new RecognizerError('CONFIG', `unknown recogniser "${name}" (from ${choice.name !== undefined ? '--recognizer' : RECOGNIZER_ENV}); choose ${RECOGNIZER_NAMES.join(' or ')}`);
  }
  switch (name as RecognizerName) {
    case 'google':
      return googleSpeechRecognizer(resolveGoogleSpeechConfig(choice.google ?? {}, env), { ...(choice.log ? { log: choice.log } : {}), ...choice.googleDeps });
    case 'sherpa-onnx':
      return sherpaOnnxRecognizer(resolveSherpaOnnxConfig(choice.sherpaOnnx ?? {}, env), choice.log ? { log: choice.log } : {});
  }
}
