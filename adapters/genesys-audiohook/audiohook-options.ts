import type { LiveAudioOptions } from '../audio/live-audio-source.js';
import type { Recognizer } from '../recognition/recognizer.js';

/** How the AudioHook connector maps sessions onto calls. */
export interface AudiohookConnectorOptions {
  readonly recognizer: Recognizer;
  /** The call language when the open message names none (BCP-47, the packs' tag). */
  readonly defaultLanguage?: string;
  readonly path?: string;
  readonly live?: Partial<LiveAudioOptions>;
  /** After a disconnect, how long the client has to close before the socket is cut. */
  readonly closeTimeoutMs?: number;
}
