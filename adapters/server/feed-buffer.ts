import type { FeedMessage } from './feed-protocol.js';

/** A sent message kept for clients that reconnect: its call (for filtering) and its text (encoded once). */
export interface BufferedMessage {
  readonly seq: number;
  readonly callId: string | undefined;
  /** Whose call it was when sent, so a reconnecting client is filtered the same way after the call has closed. */
  readonly agentId?: string;
  readonly teamId?: string;
  readonly message: FeedMessage;
  readonly text: string;
}

/**
 * The last `capacity` messages of a stream, oldest first, in a fixed ring: memory is bounded whatever the traffic.
 * `since(seq)` is what a client that saw everything up to seq missed, or undefined when part of it is gone.
 */
export class FeedBuffer {
  private readonly ring: Array<BufferedMessage | undefined>;
  private next = 0;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<BufferedMessage | undefined>(capacity);
  }

  push(entry: BufferedMessage): void {
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** The oldest seq still held (or undefined when empty). */
  get oldestSeq(): number | undefined {
    return this.size === 0 ? undefined : this.ring[(this.next - this.size + this.capacity) % this.capacity]?.seq;
  }

  since(seq: number, headSeq: number): BufferedMessage[] | undefined {
    if (seq >= headSeq) return [];
    const oldest = this.oldestSeq;
    if (oldest === undefined || seq + 1 < oldest) return undefined;
    const out: BufferedMessage[] = [];
    for (let i = 0; i < this.size; i++) {
      const entry = this.ring[(this.next - this.size + i + this.capacity) % this.capacity] as BufferedMessage;
      if (entry.seq > seq) out.push(entry);
    }
    return out;
  }
}
