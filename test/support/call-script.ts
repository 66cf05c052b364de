import type { CallEvent, EndedBy, Speaker } from '../../engine/index.js';

/** Options for one scripted utterance. */
export interface SayOptions {
  /** Start of speech (ms). Defaults to just after the previous utterance. */
  readonly at?: number;
  /** Length of speech (ms). Defaults to 250 ms per character (Chinese) or 400 ms per word. */
  readonly durationMs?: number;
  /** Interim hypotheses before the final, each emitted at an even share of the duration. */
  readonly partials?: readonly string[];
  /** Delay between end of speech and the final result. */
  readonly finalLagMs?: number;
  readonly utteranceId?: string;
}

/**
 * Builds a call's protocol v1 events fluently, with sensible timing, for tests:
 * callScript('c-1', 'zh-CN').agent('您好…').customer('…').hold(20_000).end('customer').events
 */
export class CallScript {
  private readonly out: CallEvent[] = [];
  private cursor = 1_000;
  private utterances = 0;

  constructor(
    readonly callId: string,
    readonly language = 'zh-CN',
  ) {
    this.out.push({ type: 'call.started', callId, tMs: 0, language, agentId: 'a-1' });
  }

  get events(): CallEvent[] {
    return [...this.out];
  }

  agent(text: string, options: SayOptions = {}): this {
    return this.say('agent', text, options);
  }

  customer(text: string, options: SayOptions = {}): this {
    return this.say('customer', text, options);
  }

  say(speaker: Speaker, text: string, options: SayOptions = {}): this {
    const startMs = options.at ?? this.cursor + 500;
    const durationMs = options.durationMs ?? defaultDuration(text, this.language);
    const endMs = startMs + durationMs;
    const utteranceId = options.utteranceId ?? `u${++this.utterances}`;
    const partials = options.partials ?? [];
    partials.forEach((partial, i) => {
      const tMs = Math.round(startMs + ((i + 1) * durationMs) / (partials.length + 1));
      this.out.push({ type: 'utterance.partial', callId: this.callId, utteranceId, speaker, text: partial, startMs, endMs: tMs, tMs });
    });
    const finalAt = endMs + (options.finalLagMs ?? 200);
    this.out.push({ type: 'utterance.final', callId: this.callId, utteranceId, speaker, text, startMs, endMs, tMs: finalAt });
    this.cursor = Math.max(this.cursor, finalAt);
    return this;
  }

  /** Silence (no events) for `ms`. */
  pause(ms: number): this {
    this.cursor += ms;
    return this;
  }

  hold(durationMs: number): this {
    const start = this.cursor + 300;
    this.out.push({ type: 'hold.started', callId: this.callId, tMs: start });
    this.out.push({ type: 'hold.ended', callId: this.callId, tMs: start + durationMs });
    this.cursor = start + durationMs;
    return this;
  }

  end(endedBy: EndedBy = 'customer'): this {
    this.cursor += 500;
    this.out.push({ type: 'call.ended', callId: this.callId, tMs: this.cursor, endedBy });
    return this;
  }
}

/** Starts a scripted call. */
export function callScript(callId: string, language = 'zh-CN'): CallScript {
  return new CallScript(callId, language);
}

function defaultDuration(text: string, language: string): number {
  return language.startsWith('zh') ? Math.max(600, [...text].length * 250) : Math.max(600, text.split(/\s+/).length * 400);
}

/** Interleaves several calls' events by tMs (stable), as a live stream would deliver them. */
export function interleave(...calls: ReadonlyArray<readonly CallEvent[]>): CallEvent[] {
  return calls
    .flatMap((events, callIndex) => events.map((event, i) => ({ event, callIndex, i })))
    .sort((a, b) => a.event.tMs - b.event.tMs || a.callIndex - b.callIndex || a.i - b.i)
    .map((x) => x.event);
}
