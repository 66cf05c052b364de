import type { protos } from '@google-cloud/speech';
import type { GoogleSpeechConfig } from './google-speech-config.js';

/** The first message of every stream (v1 StreamingRecognitionConfig). */
export type StreamingConfig = protos.google.cloud.speech.v1.IStreamingRecognitionConfig;

/**
 * The recognition settings for one channel's stream: mono LINEAR16 at the source rate, interim results on (they
 * become utterance.partial), word offsets for timing; never single-utterance mode, which stops at the first pause.
 */
export function streamingConfig(config: GoogleSpeechConfig, audio: { readonly sampleRateHz: number; readonly languageCode: string }): StreamingConfig {
  return {
    config: {
      encoding: 'LINEAR16',
      sampleRateHertz: audio.sampleRateHz,
      audioChannelCount: 1,
      languageCode: audio.languageCode,
      maxAlternatives: 1,
      enableWordTimeOffsets: config.wordTimes,
      enableWordConfidence: config.wordTimes,
      enableAutomaticPunctuation: config.punctuation,
      ...(config.model ? { model: config.model } : {}),
      ...(config.useEnhanced ? { useEnhanced: true } : {}),
    },
    interimResults: true,
    singleUtterance: false,
  };
}
