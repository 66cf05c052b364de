/**
 * The adapters as a library: the live server (WebSocket ingest, feed, review API), sign-in, the stores, logging and
 * metrics, for an on-prem team that embeds callcoach without its command line.
 */
export { startServer, type RunningServer, type ServerOptions } from './server/create-server.js';
export type { Alert, FeedCall, FeedClientMessage, FeedMessage, FeedPayload, Whisper } from './server/feed-protocol.js';
export { Authenticator, type AuthSettings, type TokenClaims } from './auth/authenticator.js';
export { AUTH_ERROR_CODES, AuthError, type AuthErrorCode } from './auth/auth-error.js';
export { ROLES, type Principal, type Role } from './auth/roles.js';
export { hashPassword, loadUserDirectory, type UserDirectory } from './auth/user-directory.js';
export { openFindingStore } from './store/open-finding-store.js';
export type { AuditEntry, FindingStore, StoredCall, StoredFinding } from './store/finding-store.js';
export { redactStore } from './store/redact-store.js';
export { createLogger, silentLogger, type Logger } from './log/logger.js';
export { ServerMetrics } from './metrics/server-metrics.js';
export { installProcessGuards } from './metrics/process-guards.js';
export type { AudioConnector, ConnectorSocketContext } from './server/audio-connector.js';
export { twilioConnector, type TwilioConnectorOptions } from './twilio/twilio-connector.js';
export { audiohookConnector, type AudiohookConnectorOptions } from './genesys-audiohook/audiohook-connector.js';
export { RECOGNIZER_NAMES, type CallAudio, type Recognizer, type RecognizerName } from './recognition/recognizer.js';
export { RecognizerError } from './recognition/recognizer-error.js';
export { resolveRecognizer, type RecognizerChoice } from './recognition/resolve-recognizer.js';
export { LiveAudioSource } from './audio/live-audio-source.js';
export { decodeMulaw, encodeMulaw } from './audio/mulaw.js';
