import type { Recognizer } from '../recognition/recognizer.js';
import type { GoogleSpeechConfig } from './google-speech-config.js';
import { transcribeCall, type TranscribeDeps } from './transcribe-call.js';

/** Google Cloud Speech-to-Text streaming (transcribeCall) behind the common Recognizer interface. */
export function googleSpeechRecognizer(config: GoogleSpeechConfig, deps: TranscribeDeps = {}): Recognizer {
  return {
    name: 'google',
    recognize: (audio, call) => transcribeCall(audio, call, config, deps),
  };
}
