import type { AudioConnector } from '../server/audio-connector.js';
import type { AudiohookConnectorOptions } from './audiohook-options.js';
import { AUDIOHOOK_MAX_MESSAGE_BYTES, AudiohookSession } from './audiohook-session.js';

export type { AudiohookConnectorOptions } from './audiohook-options.js';

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
