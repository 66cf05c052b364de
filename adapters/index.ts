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
