import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** A message from the server, as the client sees it. */
export interface ServerMessage {
  readonly version: string;
  readonly type: string;
  readonly seq: number;
  readonly clientseq: number;
  readonly id: string;
  readonly parameters: Record<string, unknown>;
}

/** The media Genesys Cloud offers by default: stereo, then each side alone. */
export const DEFAULT_OFFER = [
  { type: 'audio', format: 'PCMU', channels: ['external', 'internal'], rate: 8000 },
  { type: 'audio', format: 'PCMU', channels: ['external'], rate: 8000 },
  { type: 'audio', format: 'PCMU', channels: ['internal'], rate: 8000 },
];

/**
 * Plays Genesys Cloud's side of AudioHook: every text message gets the next seq, the last serverseq seen and the
 * audio position so far (samples sent at 8 kHz); binary frames advance the position. Keeps what the server says.
 */
export class AudiohookTestClient {
  readonly id = randomUUID();
  readonly received: ServerMessage[] = [];
  seq = 0;
  private samples = 0;
  private readonly waiters: Array<{ type: string; resolve: (m: ServerMessage) => void }> = [];
  private readonly unread = new Map<string, ServerMessage[]>();
  readonly closed: Promise<{ code: number }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(String(data)) as ServerMessage;
      this.received.push(message);
      const i = this.waiters.findIndex((w) => w.type === message.type);
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(message);
      else this.unread.set(message.type, [...(this.unread.get(message.type) ?? []), message]);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve({ code })));
  }

  static async connect(url: string, headers: Record<string, string>): Promise<AudiohookTestClient> {
    const socket = new WebSocket(url, { headers: { 'audiohook-organization-id': randomUUID(), ...headers } });
    const client = new AudiohookTestClient(socket);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return client;
  }

  get serverseq(): number {
    return this.received.at(-1)?.seq ?? 0;
  }

  /** The next server message of a type not yet taken (already received, or the next to arrive). */
  next(type: string): Promise<ServerMessage> {
    const queued = this.unread.get(type)?.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => this.waiters.push({ type, resolve }));
  }

  /** A client message; `overrides` break the discipline on purpose. */
  send(type: string, parameters: Record<string, unknown>, overrides: Partial<{ seq: number; serverseq: number; id: string; version: string }> = {}): void {
    this.seq = overrides.seq ?? this.seq + 1;
    this.socket.send(JSON.stringify({ version: overrides.version ?? '2', id: overrides.id ?? this.id, type, seq: this.seq, serverseq: overrides.serverseq ?? this.serverseq, position: `PT${this.samples / 8000}S`, parameters }));
  }

  /** One binary audio frame of `channels` interleaved channels at `bytesPerSample`. */
  sendAudio(frame: Buffer, channels: number, bytesPerSample: 1 | 2): void {
    this.samples += frame.length / channels / bytesPerSample;
    this.socket.send(frame);
  }

  open(parameters: Record<string, unknown> = {}): void {
    this.send('open', {
      organizationId: randomUUID(),
      conversationId: randomUUID(),
      participant: { id: randomUUID(), ani: '+1-555-555-1234', aniName: 'Test Caller', dnis: '+1-800-555-6789' },
      media: DEFAULT_OFFER,
      language: 'en-US',
      ...parameters,
    });
  }
}
