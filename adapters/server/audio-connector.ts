import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { CallEvent } from '../../engine/index.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/roles.js';
import type { Logger } from '../log/logger.js';

/** What the server hands a connector for one accepted socket. */
export interface ConnectorSocketContext {
  /** The server's connection number: refusals of this socket's events name it. */
  readonly connection: string;
  /** Who signed in at the upgrade (an ingest token); undefined when the connector signs in in-band. */
  readonly principal: Principal | undefined;
  /** Verifies a token sent in-band (Twilio's start message) the same way the upgrade would have. */
  readonly auth: Authenticator;
  readonly request: IncomingMessage;
  /** Sends one protocol v1 event into the engine, as `/ingest` does. */
  readonly ingest: (event: CallEvent) => void;
  readonly log: Logger;
}

/**
 * A telephony platform's media WebSocket (Twilio Media Streams, Genesys AudioHook) mounted on the server at `path`:
 * it speaks the platform's protocol on the socket, turns its audio into events through a recogniser and ingests them.
 * Every socket is signed in with an ingest token: at the upgrade (a bearer header, or `X-API-KEY` which AudioHook
 * sends), or for `signIn: 'in-band'` connectors in the first message that can carry one.
 */
export interface AudioConnector {
  readonly path: string;
  readonly name: string;
  readonly signIn: 'upgrade' | 'in-band';
  /** Largest WebSocket message the protocol allows; larger ones are the connector's to refuse. */
  readonly maxMessageBytes?: number;
  accept(ws: WebSocket, context: ConnectorSocketContext): void;
}
