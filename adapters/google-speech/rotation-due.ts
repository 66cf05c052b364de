import type { GoogleSpeechConfig } from './google-speech-config.js';

/**
 * Whether to end a stream before sending it `nextMs` more audio: always before it would pass the hard limit, and
 * after restartAfterMs at the first moment no hypothesis is open, so a restart rarely cuts a word in two.
 */
export function rotationDue(stream: { readonly audioMs: number; readonly idle: boolean }, nextMs: number, config: Pick<GoogleSpeechConfig, 'streamLimitMs' | 'restartAfterMs'>): boolean {
  if (stream.audioMs === 0) return false;
  if (stream.audioMs + nextMs > config.streamLimitMs) return true;
  return stream.idle && stream.audioMs >= config.restartAfterMs;
}
