import { randomBytes } from 'node:crypto';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import type { CallLiveState, EngineOutput, Nudge } from '../../engine/index.js';
import type { Principal } from '../auth/roles.js';
import type { AlertDesk } from './alert-desk.js';
import { FeedBuffer, type BufferedMessage } from './feed-buffer.js';
import { FEED_ERROR_CODES, FEED_PROTOCOL, type Alert, type FeedCall, type FeedClientMessage, type FeedMessage, type FeedPayload, type Whisper } from './feed-protocol.js';

/** The calls one client may see: one agent's, one team's, one call, or all (combined: all must hold). */
export interface FeedFilter {
  readonly agentId?: string;
  readonly teamId?: string;
  readonly callId?: string;
}

/** A client as the server admitted it: who, what they may see, and where they left off (reconnects). */
export interface FeedGrant {
  readonly principal: Principal;
  readonly filter: FeedFilter;
  readonly resume?: { readonly stream: string; readonly seq: number };
}

export interface LiveFeedOptions {
  readonly scheduler: SchedulerLike;
  readonly alerts: AlertDesk;
  /** Messages kept for reconnecting clients. */
  readonly bufferSize?: number;
  /** Ping interval; a client that misses a whole interval's pong is dropped. */
  readonly heartbeatMs?: number;
  /** Above this many bytes queued to a client, state updates are coalesced (latest per call). */
  readonly highWaterBytes?: number;
  /** Above this, the client is far behind: nothing more is queued until it drains, then it gets a gap and a snapshot. */
  readonly hardLimitBytes?: number;
  /** Acknowledgements and whispers, for the audit log. */
  readonly onAudit?: (entry: { actor: string; role: string; action: string; callId: string; target?: string }) => void;
  readonly wallClock?: () => string;
}

export const LIVE_FEED_DEFAULTS = { bufferSize: 20_000, heartbeatMs: 15_000, highWaterBytes: 256 * 1024, hardLimitBytes: 4 * 1024 * 1024 } as const;

const MAX_WHISPER_CHARS = 500;
const MAX_WHISPERS_KEPT = 20;

interface LiveCall {
  readonly callId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly language: string;
  readonly packs: readonly string[];
  readonly openedAt: string;
  readonly nudges: Map<string, Nudge>;
  readonly alerts: Map<string, Alert>;
  readonly whispers: Whisper[];
  state?: CallLiveState;
  lastFinding?: FeedCall['lastFinding'];
}

interface Client {
  readonly socket: WebSocket;
  readonly grant: FeedGrant;
  alive: boolean;
  behind: boolean;
  lastSeq: number;
  readonly pendingStates: Map<string, BufferedMessage>;
}

/**
 * The live feed behind /nudges: one sequenced stream of what overlays and the supervisor wall show, filtered per
 * client by what their sign-in allows. Lossless across reconnects within the buffer, bounded per client however slow
 * it reads, and heartbeats drop dead peers. See feed-protocol.ts for the messages.
 */
export class LiveFeed {
  readonly stream = randomBytes(6).toString('base64url');
  private seq = 0;
  private readonly buffer: FeedBuffer;
  private readonly calls = new Map<string, LiveCall>();
  private readonly clients = new Map<WebSocket, Client>();
  private readonly settings: Required<Omit<LiveFeedOptions, 'onAudit' | 'wallClock'>> & Pick<LiveFeedOptions, 'onAudit'>;
  private readonly heartbeat: Subscription;
  private readonly wallClock: () => string;

  constructor(options: LiveFeedOptions) {
    this.settings = { ...LIVE_FEED_DEFAULTS, ...options };
    this.buffer = new FeedBuffer(this.settings.bufferSize);
    this.wallClock = options.wallClock ?? (() => new Date().toISOString());
    const beat = () => this.beat();
    const every = this.settings.heartbeatMs;
    this.heartbeat = options.scheduler.schedule(function tick() {
      beat();
      this.schedule(undefined, every);
    }, every);
  }

  attach(socket: WebSocket, grant: FeedGrant): void {
    const client: Client = { socket, grant, alive: true, behind: false, lastSeq: this.seq, pendingStates: new Map() };
    this.clients.set(socket, client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.clients.delete(socket));
    socket.on('message', (data, isBinary) => this.fromClient(client, isBinary ? undefined : String(data)));
    this.direct(client, { type: 'hello', protocol: FEED_PROTOCOL, stream: this.stream, subject: grant.principal.subject, role: grant.principal.role });
    const resume = grant.resume;
    if (resume && resume.stream === this.stream) {
      const missed = this.buffer.since(resume.seq, this.seq);
      if (missed) {
        for (const entry of missed) if (this.lets(client, entry)) this.write(client, entry);
        return;
      }
      this.direct(client, { type: 'gap', reason: 'too-old', missedFrom: resume.seq + 1 });
    } else if (resume) this.direct(client, { type: 'gap', reason: 'unknown-stream' });
    this.sendSnapshot(client);
  }

  /** Feeds one engine output to the clients that may see it. */
  publish(output: EngineOutput): void {
    switch (output.type) {
      case 'call.opened': {
        const call: LiveCall = {
          callId: output.callId,
          ...(output.agentId ? { agentId: output.agentId } : {}),
          ...(output.teamId ? { teamId: output.teamId } : {}),
          language: output.language,
          packs: output.packs,
          openedAt: this.wallClock(),
          nudges: new Map(),
          alerts: new Map(),
          whispers: [],
        };
        this.calls.set(output.callId, call);
        this.emit(output.callId, { type: 'call.opened', call: this.describe(call, true) });
        return;
      }
      case 'nudge': {
        const call = this.calls.get(output.nudge.callId);
        call?.nudges.set(output.nudge.nudgeId, output.nudge);
        this.emit(output.nudge.callId, { type: 'nudge', nudge: output.nudge });
        this.raiseAlert(output, call);
        return;
      }
      case 'nudge.retracted':
        this.calls.get(output.retraction.callId)?.nudges.delete(output.retraction.nudgeId);
        this.emit(output.retraction.callId, { type: 'nudge.retracted', retraction: output.retraction });
        return;
      case 'call.state': {
        const call = this.calls.get(output.state.callId);
        if (call) call.state = output.state;
        this.emit(output.state.callId, { type: 'call.state', state: output.state });
        this.raiseAlert(output, call);
        return;
      }
      case 'finding': {
        const f = output.finding;
        const call = this.calls.get(f.callId);
        const summary = { ruleId: f.ruleId, category: f.category, severity: f.severity, text: f.evidence.explanation, atMs: f.confirmedAtMs };
        if (call) call.lastFinding = summary;
        this.emit(f.callId, { type: 'finding', callId: f.callId, ...summary });
        this.raiseAlert(output, call);
        return;
      }
      case 'call.closed':
        this.emit(output.callId, { type: 'call.closed', callId: output.callId, reason: output.reason });
        this.calls.delete(output.callId);
        this.settings.alerts.forget(output.callId);
        return;
      default:
        return;
    }
  }

  get openCalls(): number {
    return this.calls.size;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Messages each client has not been sent yet (0 when it keeps up). */
  lags(): number[] {
    return [...this.clients.values()].map((c) => this.seq - c.lastSeq);
  }

  /** Bytes queued to each client's socket. */
  queuedBytes(): number[] {
    return [...this.clients.values()].map((c) => c.socket.bufferedAmount);
  }

  close(): void {
    this.heartbeat.unsubscribe();
  }

  private raiseAlert(output: EngineOutput, call: LiveCall | undefined): void {
    const alert = this.settings.alerts.consider(output, call);
    if (!alert) return;
    call?.alerts.set(alert.alertId, alert);
    this.emit(alert.callId, { type: 'alert', alert });
  }

  /** A new message of the stream: numbered, kept for reconnects, sent to every client whose filter lets it through. */
  private emit(callId: string, payload: FeedPayload): void {
    const message = { ...payload, seq: ++this.seq } as FeedMessage;
    const call = this.calls.get(callId);
    const entry: BufferedMessage = { seq: message.seq, callId, ...(call?.agentId ? { agentId: call.agentId } : {}), ...(call?.teamId ? { teamId: call.teamId } : {}), message, text: JSON.stringify(message) };
    this.buffer.push(entry);
    for (const client of this.clients.values()) {
      if (client.behind || client.pendingStates.size > 0) this.catchUp(client);
      if (this.lets(client, entry)) this.write(client, entry);
    }
  }

  /** A message to one client only, at the stream's current position (hello, snapshot, gap, error). */
  private direct(client: Client, payload: FeedPayload): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(JSON.stringify({ ...payload, seq: this.seq }));
    client.lastSeq = Math.max(client.lastSeq, this.seq);
  }

  private write(client: Client, entry: BufferedMessage): void {
    const socket = client.socket;
    if (socket.readyState !== socket.OPEN || client.behind) return;
    const queued = socket.bufferedAmount;
    if (queued > this.settings.hardLimitBytes) {
      // Far behind: stop queueing (memory stays bounded); when it drains it gets a gap notice and a fresh snapshot.
      client.behind = true;
      client.pendingStates.clear();
      return;
    }
    if (entry.message.type === 'call.state' && queued > this.settings.highWaterBytes) {
      client.pendingStates.set(entry.callId ?? '', entry);
      return;
    }
    socket.send(entry.text);
    client.lastSeq = entry.seq;
  }

  private catchUp(client: Client): void {
    if (client.socket.bufferedAmount > this.settings.highWaterBytes / 2) return;
    if (client.behind) {
      client.behind = false;
      this.direct(client, { type: 'gap', reason: 'too-far-behind', missedFrom: client.lastSeq + 1 });
      this.sendSnapshot(client);
      return;
    }
    const pending = [...client.pendingStates.values()];
    client.pendingStates.clear();
    for (const entry of pending) if (client.socket.readyState === client.socket.OPEN) client.socket.send(entry.text);
  }

  private beat(): void {
    for (const client of this.clients.values()) {
      if (!client.alive) {
        // A whole interval without a pong: the peer is gone (a laptop lid closed, a dead NAT mapping).
        client.socket.terminate();
        this.clients.delete(client.socket);
        continue;
      }
      client.alive = false;
      if (client.socket.readyState === client.socket.OPEN) client.socket.ping();
      if (client.behind || client.pendingStates.size > 0) this.catchUp(client);
    }
  }

  private sendSnapshot(client: Client): void {
    const calls = [...this.calls.values()].filter((c) => matches(client.grant.filter, c)).map((c) => this.describe(c, seesAlerts(client)));
    this.direct(client, { type: 'snapshot', calls });
  }

  private describe(call: LiveCall, withAlerts: boolean): FeedCall {
    return {
      callId: call.callId,
      ...(call.agentId ? { agentId: call.agentId } : {}),
      ...(call.teamId ? { teamId: call.teamId } : {}),
      language: call.language,
      packs: call.packs,
      openedAt: call.openedAt,
      nudges: [...call.nudges.values()],
      alerts: withAlerts ? [...call.alerts.values()] : [],
      whispers: [...call.whispers],
      ...(call.state ? { state: call.state } : {}),
      ...(call.lastFinding ? { lastFinding: call.lastFinding } : {}),
    };
  }

  private lets(client: Client, entry: BufferedMessage): boolean {
    const type = entry.message.type;
    if ((type === 'alert' || type === 'alert.acknowledged') && !seesAlerts(client)) return false;
    if (entry.callId === undefined) return true;
    return matches(client.grant.filter, { callId: entry.callId, ...(entry.agentId ? { agentId: entry.agentId } : {}), ...(entry.teamId ? { teamId: entry.teamId } : {}) });
  }

  private fromClient(client: Client, text: string | undefined): void {
    let message: FeedClientMessage;
    try {
      message = JSON.parse(text ?? '') as FeedClientMessage;
    } catch {
      return this.direct(client, { type: 'error', code: FEED_ERROR_CODES.MALFORMED, message: 'send JSON text messages: {"type":"alert.ack","alertId":…} or {"type":"whisper","callId":…,"text":…}' });
    }
    const { principal } = client.grant;
    const supervising = principal.role === 'admin' || principal.role === 'supervisor';
    if (message.type === 'alert.ack' && typeof message.alertId === 'string') {
      const alert = this.settings.alerts.get(message.alertId);
      const call = alert && this.calls.get(alert.callId);
      if (!supervising || !alert || !call || !matches(client.grant.filter, call)) return this.direct(client, { type: 'error', code: FEED_ERROR_CODES.FORBIDDEN, message: `no alert ${message.alertId} you may acknowledge` });
      const acked = this.settings.alerts.acknowledge(message.alertId, principal.subject, this.wallClock());
      if (!acked?.acknowledged) return;
      call.alerts.set(acked.alertId, acked);
      this.settings.onAudit?.({ actor: principal.subject, role: principal.role, action: 'alert.ack', callId: acked.callId, target: acked.ruleId });
      this.emit(acked.callId, { type: 'alert.acknowledged', alertId: acked.alertId, callId: acked.callId, by: acked.acknowledged.by, at: acked.acknowledged.at });
      return;
    }
    if (message.type === 'whisper' && typeof message.callId === 'string' && typeof message.text === 'string') {
      const call = this.calls.get(message.callId);
      const text = message.text.trim();
      if (!supervising || !call || !matches(client.grant.filter, call)) return this.direct(client, { type: 'error', code: FEED_ERROR_CODES.FORBIDDEN, message: `you may not whisper on call ${message.callId}` });
      if (!text || text.length > MAX_WHISPER_CHARS) return this.direct(client, { type: 'error', code: FEED_ERROR_CODES.WHISPER, message: `a whisper is 1–${MAX_WHISPER_CHARS} characters` });
      const whisper: Whisper = { whisperId: `${call.callId}:w${call.whispers.length + 1}`, callId: call.callId, from: principal.subject, text, at: this.wallClock() };
      call.whispers.push(whisper);
      if (call.whispers.length > MAX_WHISPERS_KEPT) call.whispers.shift();
      this.settings.onAudit?.({ actor: principal.subject, role: principal.role, action: 'whisper', callId: call.callId });
      this.emit(call.callId, { type: 'whisper', whisper });
      return;
    }
    this.direct(client, { type: 'error', code: FEED_ERROR_CODES.UNKNOWN, message: 'unknown message type; the feed accepts alert.ack and whisper' });
  }
}

function seesAlerts(client: Client): boolean {
  return client.grant.principal.role === 'admin' || client.grant.principal.role === 'supervisor';
}

function matches(filter: FeedFilter, call: { callId: string; agentId?: string; teamId?: string }): boolean {
  if (filter.callId !== undefined && filter.callId !== call.callId) return false;
  if (filter.agentId !== undefined && filter.agentId !== call.agentId) return false;
  if (filter.teamId !== undefined && filter.teamId !== call.teamId) return false;
  return true;
}
