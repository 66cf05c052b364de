import type { Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import type { Speaker } from '../../engine/index.js';
import { AuthError } from '../auth/auth-error.js';
import { mayIngest, type Principal } from '../auth/roles.js';
import { AudioBacklogError, LiveAudioSource, type LiveAudioOptions } from '../audio/live-audio-source.js';
import { decodeMulaw } from '../audio/mulaw.js';
import type { Recognizer } from '../recognition/recognizer.js';
import type { AudioConnector, ConnectorSocketContext } from '../server/audio-connector.js';
import { TWILIO_ERROR_CODES, type TwilioErrorCode } from './twilio-error.js';
import { parseTwilioMessage, type TwilioMessage, type TwilioStart } from './twilio-messages.js';

/** How the Twilio connector maps streams onto calls. */
export interface TwilioConnectorOptions {
  readonly recognizer: Recognizer;
  /** The call language when the stream's customParameters name none (BCP-47, the packs' tag). */
  readonly defaultLanguage?: string;
  /** Who is on Twilio's inbound track (the audio Twilio receives from the caller): customer for inbound call centres. */
  readonly inboundSpeaker?: 'customer' | 'agent';
  readonly path?: string;
  readonly live?: Partial<LiveAudioOptions>;
}

/** Twilio's Media Streams audio: 8 kHz, mono per track, μ-law. */
const SAMPLE_RATE_HZ = 8000;
const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;

/**
 * Twilio Media Streams (`<Start><Stream>` or `<Connect><Stream>` in TwiML) at `/connectors/twilio`: connected, start,
 * media, mark, dtmf and stop messages; one or two tracks (inbound, outbound) become the call's channels, each with
 * its speaker; μ-law audio is decoded and streamed to the recogniser, whose events go into the engine. Twilio cannot
 * set headers on its request, so the ingest token rides in the start message (`<Parameter name="token" …/>`).
 */
export function twilioConnector(options: TwilioConnectorOptions): AudioConnector {
  return {
    path: options.path ?? '/connectors/twilio',
    name: 'twilio',
    signIn: 'in-band',
    accept: (ws, context) => new TwilioStreamSession(ws, context, options).listen(),
  };
}

type State = 'awaiting-start' | 'signing-in' | 'streaming' | 'stopped' | 'refused';

/** One Media Streams socket: its protocol state, its call's live audio and the recognition of it. */
class TwilioStreamSession {
  private state: State = 'awaiting-start';
  private messages = 0;
  private lastSequence = 0;
  private tracks: string[] = [];
  private source: LiveAudioSource | undefined;
  private recognition: Subscription | undefined;
  private readonly held: Array<{ message: TwilioMessage; n: number }> = [];

  constructor(
    private readonly ws: WebSocket,
    private readonly context: ConnectorSocketContext,
    private readonly options: TwilioConnectorOptions,
  ) {}

  listen(): void {
    this.ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    this.ws.on('close', () => {
      // A socket that drops without stop still ends the call: the recogniser settles what it heard.
      if (this.state === 'streaming') this.stop('socket closed before stop');
      if (this.state !== 'stopped') this.recognition?.unsubscribe();
    });
    this.ws.on('error', () => this.context.log('warn', 'twilio socket error', { connection: this.context.connection }));
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    const n = ++this.messages;
    if (this.state === 'refused') return;
    if (isBinary) return this.warn(TWILIO_ERROR_CODES.MALFORMED, 'binary frame ignored: Media Streams messages are JSON text', n);
    const parsed = parseTwilioMessage(data.toString('utf8'));
    if (!parsed.ok) return this.warn(TWILIO_ERROR_CODES.MALFORMED, `message ignored: ${parsed.problem}`, n);
    const message = parsed.message;
    if (message.event !== 'connected') {
      const sequence = Number(message.sequenceNumber);
      if (this.lastSequence > 0 && sequence !== this.lastSequence + 1) this.warn(TWILIO_ERROR_CODES.SEQUENCE, `sequenceNumber ${sequence} after ${this.lastSequence}`, n);
      this.lastSequence = Math.max(this.lastSequence, sequence);
    }
    if (this.state === 'signing-in') {
      this.held.push({ message, n });
      return;
    }
    this.handle(message, n);
  }

  private handle(message: TwilioMessage, n: number): void {
    switch (message.event) {
      case 'connected':
        return;
      case 'start':
        if (this.state !== 'awaiting-start') return this.warn(TWILIO_ERROR_CODES.ORDER, 'a second start message was ignored', n);
        return this.start(message, n);
      case 'media': {
        if (this.state !== 'streaming') return this.warn(TWILIO_ERROR_CODES.ORDER, `media ${this.state === 'stopped' ? 'after stop' : 'before start'} ignored`, n);
        const channel = this.tracks.indexOf(message.media.track);
        if (channel < 0) return this.warn(TWILIO_ERROR_CODES.FORMAT, 'media of a track the start message did not announce ignored', n);
        const pcm = decodeMulaw(Buffer.from(message.media.payload, 'base64'));
        try {
          this.source?.write(channel, pcm, Math.round((Number(message.media.timestamp) * SAMPLE_RATE_HZ) / 1000));
        } catch (err) {
          if (!(err instanceof AudioBacklogError)) throw err;
          this.refuse(TWILIO_ERROR_CODES.RECOGNIZER, `the recogniser fell ${Math.round(err.bufferedMs / 1000)} s behind the call`, n);
        }
        return;
      }
      case 'mark':
      case 'dtmf':
        // Marks answer audio this server never sends; key presses are left alone (they may be card digits).
        this.context.log('debug', `twilio ${message.event} received`, { connection: this.context.connection, message: n });
        return;
      case 'stop':
        if (this.state === 'streaming') this.stop('stop message');
        else this.warn(TWILIO_ERROR_CODES.ORDER, 'stop before start', n);
        return;
    }
  }

  private start(message: TwilioStart, n: number): void {
    const { mediaFormat, tracks } = message.start;
    if (mediaFormat.encoding !== 'audio/x-mulaw' || mediaFormat.sampleRate !== SAMPLE_RATE_HZ || mediaFormat.channels !== 1) {
      return this.refuse(TWILIO_ERROR_CODES.FORMAT, `unsupported media format ${mediaFormat.encoding} ${mediaFormat.sampleRate} Hz x${mediaFormat.channels}; expected audio/x-mulaw 8000 Hz mono`, n);
    }
    if (!tracks.every((t) => t === 'inbound' || t === 'outbound') || new Set(tracks).size !== tracks.length) {
      return this.refuse(TWILIO_ERROR_CODES.FORMAT, 'tracks must be inbound, outbound or both', n);
    }
    if (this.context.principal) return this.begin(message, n);
    const token = message.start.customParameters.token;
    if (!token) return this.refuse(TWILIO_ERROR_CODES.SIGN_IN, 'no ingest token: add <Parameter name="token" value="…"/> to the <Stream>', n);
    this.state = 'signing-in';
    this.context.auth.verify(token).then(
      (principal: Principal) => {
        if (!mayIngest(principal)) return this.refuse(TWILIO_ERROR_CODES.SIGN_IN, `only an ingest token may stream calls (this one is ${principal.role})`, n);
        this.state = 'awaiting-start';
        this.begin(message, n);
        for (const held of this.held.splice(0)) this.handle(held.message, held.n);
      },
      (err: unknown) => this.refuse(TWILIO_ERROR_CODES.SIGN_IN, err instanceof AuthError ? err.code : 'the token could not be checked', n),
    );
  }

  private begin(message: TwilioStart, n: number): void {
    const parameters = message.start.customParameters;
    const language = parameters.language ?? this.options.defaultLanguage;
    if (!language) return this.refuse(TWILIO_ERROR_CODES.NO_LANGUAGE, 'no call language: add <Parameter name="language" value="en-US"/> or start the connector with a default', n);
    const inbound: Speaker = parameters.inbound === 'agent' || parameters.inbound === 'customer' ? parameters.inbound : (this.options.inboundSpeaker ?? 'customer');
    const outbound: Speaker = inbound === 'agent' ? 'customer' : 'agent';
    this.tracks = [...message.start.tracks];
    const speakers = this.tracks.map((t) => (t === 'inbound' ? inbound : outbound));
    const callId = parameters.callId ?? message.start.callSid;
    const agentId = parameters.agentId;
    this.source = new LiveAudioSource({ sampleRateHz: SAMPLE_RATE_HZ, channels: this.tracks.length }, this.options.live);
    this.state = 'streaming';
    this.context.log('info', 'twilio stream started', { connection: this.context.connection, callId, tracks: this.tracks.join('+'), recognizer: this.options.recognizer.name });
    this.recognition = this.options.recognizer.recognize(this.source, { callId, language, speakers, speed: Infinity, ...(agentId ? { agentId } : {}) }).subscribe({
      next: (event) => this.context.ingest(event),
      error: (err: unknown) => {
        this.context.log('error', 'twilio stream recognition failed', { connection: this.context.connection, callId, code: (err as { code?: string }).code, error: (err as Error).name });
        if (this.ws.readyState === this.ws.OPEN) this.ws.close(INTERNAL_ERROR, TWILIO_ERROR_CODES.RECOGNIZER);
      },
      complete: () => this.context.log('info', 'twilio stream recognised', { connection: this.context.connection, callId }),
    });
  }

  private stop(why: string): void {
    this.state = 'stopped';
    this.source?.end();
    this.context.log('info', 'twilio stream stopped', { connection: this.context.connection, why, audioMs: Math.round(this.source?.availableMs ?? 0) });
  }

  private warn(code: TwilioErrorCode, what: string, n: number): void {
    this.context.log('warn', `twilio ${what}`, { connection: this.context.connection, message: n, code });
  }

  /** Ends the stream: Twilio reads nothing we send, so the close code and reason (and the log) say why. */
  private refuse(code: TwilioErrorCode, what: string, n: number): void {
    this.warn(code, what, n);
    const wasStreaming = this.state === 'streaming';
    this.state = 'refused';
    if (wasStreaming) this.source?.fail(new Error(code));
    this.recognition?.unsubscribe();
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code === TWILIO_ERROR_CODES.RECOGNIZER ? INTERNAL_ERROR : POLICY_VIOLATION, `${code}: ${what}`.slice(0, 120));
  }
}
