import type { Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import type { Speaker } from '../../engine/index.js';
import { AudioBacklogError, LiveAudioSource } from '../audio/live-audio-source.js';
import { decodeMulaw } from '../audio/mulaw.js';
import type { ConnectorSocketContext } from '../server/audio-connector.js';
import type { AudiohookConnectorOptions } from './audiohook-options.js';
import { AUDIOHOOK_ERROR_CODES, type AudiohookErrorCode } from './audiohook-error.js';
import { durationSeconds, parseClientMessage, type ClientMessage, type MediaParameter, type OpenParameters } from './audiohook-messages.js';

/** The protocol's limit on any one WebSocket message, text or binary. */
export const AUDIOHOOK_MAX_MESSAGE_BYTES = 64 * 1024;
/** The conversation id of Genesys Cloud's connection probe: answer the handshake, start no call. */
const PROBE_CONVERSATION = '00000000-0000-0000-0000-000000000000';
const RATE_HZ = 8000;
const SPEAKER_OF_CHANNEL: Record<string, Speaker> = { external: 'customer', internal: 'agent' };

type State = 'awaiting-open' | 'active' | 'paused' | 'disconnecting' | 'closed';

/**
 * One AudioHook session (Genesys Cloud is the client): the open/opened handshake with a media choice, ping/pong,
 * the client's pauses (paused … resumed), update/updated, close/closed, and audio as binary frames of interleaved
 * PCMU or L16 samples. Every client text message must carry the next `seq` and a `serverseq` no higher than the
 * server's own; every server message carries the server's next `seq` and the last `clientseq` seen. A protocol
 * violation is answered with `disconnect` (reason error, the catalogued code in `info`); the client then closes and
 * is answered `closed`. The external channel is the customer, the internal one the agent.
 */
export class AudiohookSession {
  private state: State = 'awaiting-open';
  private serverSeq = 0;
  private clientSeq = 0;
  private sessionId: string | undefined;
  private media: MediaParameter | undefined;
  private source: LiveAudioSource | undefined;
  private recognition: Subscription | undefined;
  private probe = false;
  private frames = 0;
  private droppedWhilePaused = 0;
  private goodbye: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly context: ConnectorSocketContext,
    private readonly options: AudiohookConnectorOptions,
  ) {
    const header = context.request.headers['audiohook-session-id'];
    if (typeof header === 'string' && header) this.sessionId = header;
  }

  listen(): void {
    this.ws.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      if (bytes.length > AUDIOHOOK_MAX_MESSAGE_BYTES) return this.disconnect(AUDIOHOOK_ERROR_CODES.TOO_LARGE, `a ${isBinary ? 'binary' : 'text'} message of ${bytes.length} bytes is over the 64 KiB limit`);
      if (isBinary) this.onAudio(bytes);
      else this.onText(bytes.toString('utf8'));
    });
    this.ws.on('close', () => {
      clearTimeout(this.goodbye);
      // A connection lost without close still ends the call; the recogniser settles what it heard.
      if (this.state === 'active' || this.state === 'paused' || this.state === 'disconnecting') this.endCall('socket closed');
    });
    this.ws.on('error', () => this.context.log('warn', 'audiohook socket error', { connection: this.context.connection }));
  }

  private onText(text: string): void {
    const parsed = parseClientMessage(text);
    const base = parsed.ok ? parsed.message : parsed.base;
    if (!base) return this.disconnect(AUDIOHOOK_ERROR_CODES.MALFORMED, (parsed as { problem: string }).problem);
    // Once disconnected, the client's close is answered whatever its seq (the violation may have been the sequence).
    if (this.state === 'disconnecting') {
      if (parsed.ok && parsed.message.type === 'close') {
        this.clientSeq = base.seq;
        this.handle(parsed.message);
      }
      return;
    }
    if (base.seq !== this.clientSeq + 1) {
      const due = this.clientSeq + 1;
      this.clientSeq = base.seq;
      return this.disconnect(AUDIOHOOK_ERROR_CODES.SEQUENCE, `seq ${base.seq} where ${due} was due`);
    }
    this.clientSeq = base.seq;
    if (base.serverseq > this.serverSeq) return this.disconnect(AUDIOHOOK_ERROR_CODES.SEQUENCE, `serverseq ${base.serverseq} is ahead of the ${this.serverSeq} messages the server sent`);
    this.sessionId ??= base.id;
    if (base.id !== this.sessionId) return this.disconnect(AUDIOHOOK_ERROR_CODES.SESSION, 'the message id is not this session\'s id');
    if (!parsed.ok) {
      if (parsed.unknownType) return this.context.log('warn', 'audiohook message of an unknown type ignored', { connection: this.context.connection, seq: base.seq });
      return this.disconnect(AUDIOHOOK_ERROR_CODES.MALFORMED, parsed.problem);
    }
    this.handle(parsed.message);
  }

  private handle(message: ClientMessage): void {
    // After a disconnect only the client's close is awaited; after closed, nothing.
    if (this.state === 'closed' || (this.state === 'disconnecting' && message.type !== 'close')) return;
    switch (message.type) {
      case 'open':
        if (this.state !== 'awaiting-open') return this.disconnect(AUDIOHOOK_ERROR_CODES.STATE, 'a second open on an open session');
        return this.open(message.parameters);
      case 'ping':
        return this.send('pong', {});
      case 'paused':
        if (this.state === 'active') this.state = 'paused';
        return;
      case 'resumed':
        if (this.state === 'paused') this.state = 'active';
        this.context.log('info', 'audiohook stream resumed', { connection: this.context.connection, discardedS: durationSeconds(message.parameters.discarded), dropped: this.droppedWhilePaused });
        return;
      case 'discarded':
        this.context.log('warn', 'audiohook client discarded audio', { connection: this.context.connection, discardedS: durationSeconds(message.parameters.discarded) });
        return;
      case 'update':
        // The engine keeps the language a call started with; a mid-call change is acknowledged and logged.
        this.context.log('warn', 'audiohook language update acknowledged; the call keeps its packs', { connection: this.context.connection });
        return this.send('updated', {});
      case 'error':
        this.context.log('warn', 'audiohook client reported an error', { connection: this.context.connection, code: message.parameters.code });
        return;
      case 'close':
        if (this.state === 'awaiting-open') {
          this.state = 'closed';
          return this.send('closed', {});
        }
        this.endCall(`close (${message.parameters.reason.slice(0, 20)})`);
        this.state = 'closed';
        return this.send('closed', {});
    }
  }

  private open(parameters: OpenParameters): void {
    const media = parameters.media.find(acceptable);
    if (!media) return this.disconnect(AUDIOHOOK_ERROR_CODES.MEDIA, 'no offered media is PCMU or L16 audio at 8000 Hz on external and/or internal channels');
    this.media = media;
    this.probe = parameters.conversationId === PROBE_CONVERSATION;
    if (this.probe) {
      this.state = 'active';
      this.context.log('info', 'audiohook connection probe answered', { connection: this.context.connection });
      return this.send('opened', { media: [media], startPaused: false });
    }
    const language = parameters.language ?? this.options.defaultLanguage;
    if (!language) return this.disconnect(AUDIOHOOK_ERROR_CODES.NO_LANGUAGE, 'the open message names no language and the connector has no default');
    const agentId = typeof parameters.customConfig?.agentId === 'string' ? parameters.customConfig.agentId : undefined;
    const callId = parameters.conversationId;
    this.source = new LiveAudioSource({ sampleRateHz: RATE_HZ, channels: media.channels.length }, this.options.live);
    this.state = 'active';
    this.send('opened', { media: [media], startPaused: false });
    this.context.log('info', 'audiohook session opened', { connection: this.context.connection, callId, format: media.format, channels: media.channels.join('+'), recognizer: this.options.recognizer.name });
    const speakers = media.channels.map((c) => SPEAKER_OF_CHANNEL[c] as Speaker);
    this.recognition = this.options.recognizer.recognize(this.source, { callId, language, speakers, speed: Infinity, ...(agentId ? { agentId } : {}) }).subscribe({
      next: (event) => this.context.ingest(event),
      error: (err: unknown) => {
        this.context.log('error', 'audiohook recognition failed', { connection: this.context.connection, callId, code: (err as { code?: string }).code, error: (err as Error).name });
        this.disconnect(AUDIOHOOK_ERROR_CODES.RECOGNIZER, 'the recogniser failed');
      },
      complete: () => this.context.log('info', 'audiohook call recognised', { connection: this.context.connection, callId }),
    });
  }

  private onAudio(frame: Buffer): void {
    if (this.state === 'paused') {
      this.droppedWhilePaused++;
      return;
    }
    if (this.state !== 'active' || !this.media) return this.state === 'disconnecting' || this.state === 'closed' ? undefined : this.disconnect(AUDIOHOOK_ERROR_CODES.STATE, 'audio before the session was opened');
    const channels = this.media.channels.length;
    const bytesPerSample = this.media.format === 'PCMU' ? 1 : 2;
    if (frame.length % (channels * bytesPerSample) !== 0) return this.disconnect(AUDIOHOOK_ERROR_CODES.MEDIA, `an audio frame of ${frame.length} bytes is not whole ${this.media.format} samples of ${channels} channel(s)`);
    this.frames++;
    if (this.probe || !this.source) return;
    // L16 frames are read little-endian, as Genesys Cloud and its reference implementation send them.
    const pcm = this.media.format === 'PCMU' ? decodeMulaw(frame) : frame;
    try {
      if (channels === 1) this.source.write(0, pcm);
      else {
        const samples = pcm.length / 2 / channels;
        for (let c = 0; c < channels; c++) {
          const plane = Buffer.allocUnsafe(samples * 2);
          for (let i = 0; i < samples; i++) plane.writeInt16LE(pcm.readInt16LE((i * channels + c) * 2), i * 2);
          this.source.write(c, plane);
        }
      }
    } catch (err) {
      if (!(err instanceof AudioBacklogError)) throw err;
      this.disconnect(AUDIOHOOK_ERROR_CODES.RECOGNIZER, `the recogniser fell ${Math.round(err.bufferedMs / 1000)} s behind the call`);
    }
  }

  private endCall(why: string): void {
    this.source?.end();
    this.source = undefined;
    this.context.log('info', 'audiohook call ended', { connection: this.context.connection, why, frames: this.frames });
  }

  /** Asks the client to close (reason error, the code and problem in info); a client that does not is cut off. */
  private disconnect(code: AudiohookErrorCode, what: string): void {
    if (this.state === 'disconnecting' || this.state === 'closed') return;
    this.context.log('warn', `audiohook disconnect: ${what}`, { connection: this.context.connection, code, clientseq: this.clientSeq });
    this.state = 'disconnecting';
    this.send('disconnect', { reason: 'error', info: `${code}: ${what}` });
    this.goodbye = setTimeout(() => this.ws.terminate(), this.options.closeTimeoutMs ?? 5_000);
    this.goodbye.unref();
  }

  private send(type: string, parameters: Record<string, unknown>): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify({ version: '2', type, seq: ++this.serverSeq, clientseq: this.clientSeq, id: this.sessionId ?? '', parameters }));
  }
}

/** A media offer this connector can take: 8 kHz PCMU or L16 on one or both of external and internal. */
function acceptable(media: MediaParameter): boolean {
  const channelsOk = media.channels.length > 0 && media.channels.length <= 2 && new Set(media.channels).size === media.channels.length && media.channels.every((c) => c in SPEAKER_OF_CHANNEL);
  return media.type === 'audio' && (media.format === 'PCMU' || media.format === 'L16') && media.rate === RATE_HZ && channelsOk;
}
