/**
 * The live feed protocol (WebSocket /nudges): the one definition the server and both pages import. Types only, so the
 * pages' compiled scripts carry none of it; `test/adapters/server/feed-protocol.test.ts` keeps it and the engine's
 * types in step.
 *
 * Every server message carries `seq`, increasing by one per message of the server's stream (`stream` names it; a new
 * process is a new stream). A client that reconnects sends `{"type":"resume","stream":…,"seq":last}` first and gets
 * exactly the messages it missed (those its filter lets through), or a `gap` notice and a fresh snapshot when they
 * are no longer buffered. State updates (hold timer, pace) are coalesced: a client that falls behind gets the latest
 * state of each call, not every step.
 */
import type { CallLiveState, Nudge, NudgeRetraction, Severity, FindingCategory } from '../../engine/index.js';

export type { CallLiveState, Nudge, NudgeRetraction, Severity, FindingCategory };

export const FEED_PROTOCOL = 2;

/** A supervisor alert, raised by a finding or a card the pack's `alerts` list names. */
export interface Alert {
  readonly alertId: string;
  readonly callId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly severity: Severity;
  readonly ruleId: string;
  readonly category?: FindingCategory;
  /** What happened, in the call's language (the nudge text or the card title). */
  readonly text: string;
  /** Call time (ms) when it was raised. */
  readonly atMs: number;
  readonly acknowledged?: { readonly by: string; readonly at: string };
}

/** A note from a supervisor to the agent on a call, shown on the overlay. */
export interface Whisper {
  readonly whisperId: string;
  readonly callId: string;
  readonly from: string;
  readonly text: string;
  readonly at: string;
}

/** One open call as a snapshot gives it. */
export interface FeedCall {
  readonly callId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly language: string;
  readonly packs: readonly string[];
  /** Wall-clock time the server saw the call open (ISO), for a duration that survives reconnects. */
  readonly openedAt: string;
  readonly nudges: readonly Nudge[];
  readonly alerts: readonly Alert[];
  readonly whispers: readonly Whisper[];
  readonly state?: CallLiveState;
  readonly lastFinding?: { readonly ruleId: string; readonly category: FindingCategory; readonly severity: Severity; readonly text: string; readonly atMs: number };
}

/** What the server sends, minus the envelope. */
export type FeedPayload =
  | { readonly type: 'hello'; readonly protocol: typeof FEED_PROTOCOL; readonly stream: string; readonly subject: string; readonly role: string }
  | { readonly type: 'snapshot'; readonly calls: readonly FeedCall[] }
  | { readonly type: 'gap'; readonly reason: 'unknown-stream' | 'too-old' | 'too-far-behind'; readonly missedFrom?: number }
  | { readonly type: 'call.opened'; readonly call: FeedCall }
  | { readonly type: 'nudge'; readonly nudge: Nudge }
  | { readonly type: 'nudge.retracted'; readonly retraction: NudgeRetraction }
  | { readonly type: 'call.state'; readonly state: CallLiveState }
  | { readonly type: 'finding'; readonly callId: string; readonly ruleId: string; readonly category: FindingCategory; readonly severity: Severity; readonly text: string; readonly atMs: number }
  | { readonly type: 'alert'; readonly alert: Alert }
  | { readonly type: 'alert.acknowledged'; readonly alertId: string; readonly callId: string; readonly by: string; readonly at: string }
  | { readonly type: 'whisper'; readonly whisper: Whisper }
  | { readonly type: 'call.closed'; readonly callId: string; readonly reason: string }
  | { readonly type: 'error'; readonly code: FeedErrorCode; readonly message: string };

/** A server message: a payload with its place in the stream. */
export type FeedMessage = FeedPayload & { readonly seq: number };

/** What a client may send. */
export type FeedClientMessage =
  | { readonly type: 'resume'; readonly stream: string; readonly seq: number }
  | { readonly type: 'alert.ack'; readonly alertId: string }
  | { readonly type: 'whisper'; readonly callId: string; readonly text: string };

/** The payload types, for exhaustive handling in pages and tests. */
export type FeedMessageType = FeedPayload['type'];

/** The feed's error catalogue: why a message a client sent on the feed socket was refused (the socket stays open). */
export const FEED_ERROR_CODES = {
  /** Not a JSON text message of the client protocol. */
  MALFORMED: 'CALLCOACH_FEED_MALFORMED',
  /** A valid request about an alert or call this client may not act on (another team, not a supervisor, gone). */
  FORBIDDEN: 'CALLCOACH_FEED_FORBIDDEN',
  /** A whisper that is empty or too long. */
  WHISPER: 'CALLCOACH_FEED_WHISPER',
  /** A message type the feed does not accept. */
  UNKNOWN: 'CALLCOACH_FEED_UNKNOWN',
} as const;

/** One of the feed's error codes. */
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[keyof typeof FEED_ERROR_CODES];
