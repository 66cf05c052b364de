import type { LiveAudioOptions } from '../audio/live-audio-source.js';
import type { Recognizer } from '../recognition/recognizer.js';
import type { AudioConnector } from '../server/audio-connector.js';
import { AUDIOHOOK_MAX_MESSAGE_BYTES, AudiohookSession } from './audiohook-session.js';

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

/**
 * Genesys Cloud AudioHook (protocol version 2) at `/connectors/genesys`: Genesys opens the WebSocket with the
 * integration's API key in `X-API-KEY`, which must be a callcoach ingest token; each session is one conversation.
 */
export function audiohookConnector(options: AudiohookConnectorOptions): AudioConnector {
  return {
    path: options.path ?? '/connectors/genesys',
    name: 'genesys-audiohook',
    signIn: 'upgrade',
    maxMessageBytes: AUDIOHOOK_MAX_MESSAGE_BYTES,
    accept: (ws, context) => new AudiohookSession(ws, context, options).listen(),
  };
}
