/** The AudioHook connector's catalogue: why a session was disconnected (sent as the disconnect's info, and logged). */
export const AUDIOHOOK_ERROR_CODES = {
  /** A text or binary message over the protocol's 64 KiB limit. */
  TOO_LARGE: 'CALLCOACH_ADAPTER_AUDIOHOOK_TOO_LARGE',
  /** Not JSON, not an AudioHook v2 client message, or parameters that do not fit its type. */
  MALFORMED: 'CALLCOACH_ADAPTER_AUDIOHOOK_MALFORMED',
  /** seq not one more than the last, or serverseq ahead of what the server sent. */
  SEQUENCE: 'CALLCOACH_ADAPTER_AUDIOHOOK_SEQUENCE',
  /** The message's id is not the session's. */
  SESSION: 'CALLCOACH_ADAPTER_AUDIOHOOK_SESSION',
  /** A message or audio frame the session's state does not allow (audio before open, a second open…). */
  STATE: 'CALLCOACH_ADAPTER_AUDIOHOOK_STATE',
  /** No offered media format is one the connector takes, or a frame is not whole samples of the chosen one. */
  MEDIA: 'CALLCOACH_ADAPTER_AUDIOHOOK_MEDIA',
  /** Neither the open message nor the connector's default names the call's language. */
  NO_LANGUAGE: 'CALLCOACH_ADAPTER_AUDIOHOOK_NO_LANGUAGE',
  /** The recogniser fell too far behind the live audio, or failed. */
  RECOGNIZER: 'CALLCOACH_ADAPTER_AUDIOHOOK_RECOGNIZER',
} as const;

export type AudiohookErrorCode = (typeof AUDIOHOOK_ERROR_CODES)[keyof typeof AUDIOHOOK_ERROR_CODES];
