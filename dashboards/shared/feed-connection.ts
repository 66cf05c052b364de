import type { FeedClientMessage, FeedMessage } from '../../adapters/server/feed-protocol.js';
import { signInAgain } from './session.js';

/** What the status line shows. */
export type FeedStatus = 'connecting' | 'open' | 'closed';

export interface FeedConnectionOptions {
  /** The filter part of the address (agent=…, call=…); the resume part is added here. */
  readonly query: () => URLSearchParams;
  readonly onMessage: (message: FeedMessage) => void;
  readonly onStatus: (status: FeedStatus, detail: { readonly resumed: boolean; readonly refused: boolean }) => void;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * The /nudges socket of a page: reconnects with exponential backoff and resumes where it left off
 * (`?stream=…&seq=…`), so the server sends exactly what was missed, or a gap and a fresh snapshot. A 4401 close
 * (the session's token expired) sends the user to sign in again.
 */
export class FeedConnection {
  private socket: WebSocket | undefined;
  private stream: string | undefined;
  private lastSeq = -1;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: FeedConnectionOptions) {}

  /** Connects afresh (a new filter): forgets where it was, so the server sends a new snapshot. */
  restart(): void {
    this.stream = undefined;
    this.lastSeq = -1;
    this.retryMs = FIRST_RETRY_MS;
    const old = this.socket;
    this.socket = undefined;
    old?.close();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.open();
  }

  /** Sends a client message; false when the socket is not open (the caller says so). */
  send(message: FeedClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private open(): void {
    const query = this.options.query();
    const resuming = this.stream !== undefined && this.lastSeq >= 0;
    if (resuming) {
      query.set('stream', this.stream as string);
      query.set('seq', String(this.lastSeq));
    }
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/nudges?${query.toString()}`);
    this.socket = ws;
    this.options.onStatus('connecting', { resumed: false, refused: false });
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      this.retryMs = FIRST_RETRY_MS;
    });
    ws.addEventListener('message', (event) => {
      if (this.socket !== ws) return;
      let message: FeedMessage;
      try {
        message = JSON.parse(String(event.data)) as FeedMessage;
      } catch {
        return;
      }
      this.track(message, resuming);
      this.options.onMessage(message);
    });
    ws.addEventListener('close', (event) => {
      if (this.socket !== ws) return;
      if (event.code === 4401) return signInAgain();
      if (!opened) {
        // A refused handshake may be a sign-in that expired meanwhile, or a filter this user may not watch.
        void fetch('/api/me', { credentials: 'same-origin' }).then((r) => {
          if (r.status === 401) signInAgain();
          else this.options.onStatus('closed', { resumed: false, refused: true });
        });
      }
      this.options.onStatus('closed', { resumed: false, refused: false });
      this.retryTimer = setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    });
  }

  private track(message: FeedMessage, resuming: boolean): void {
    if (message.type === 'hello') {
      // A new server process is a new stream: what we had is no longer resumable.
      if (this.stream !== message.stream) this.lastSeq = -1;
      this.stream = message.stream;
      // hello carries the stream's head; the missed messages that follow a resume are older, so it does not count.
      this.options.onStatus('open', { resumed: resuming, refused: false });
      return;
    }
    if (message.type === 'gap' || message.type === 'error') return;
    this.lastSeq = Math.max(this.lastSeq, message.seq);
  }
}
