import type { protos } from '@google-cloud/speech';
import type { Speaker, UtteranceFinal, UtterancePartial, WordTiming } from '../../engine/index.js';
import { durationMs } from './duration-ms.js';

type StreamingResponse = protos.google.cloud.speech.v1.IStreamingRecognizeResponse;
type StreamingResult = protos.google.cloud.speech.v1.IStreamingRecognitionResult;

/** A hypothesis that has partials but no final yet. */
export interface OpenUtterance {
  readonly utteranceId: string;
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** What a tracker needs to know about its stream. */
export interface TrackerContext {
  readonly callId: string;
  readonly speaker: Speaker;
  /** Call time of the stream's first sample: every offset Google reports is relative to it. */
  readonly baseMs: number;
  /** Hands out the next utteranceId of the channel (ids stay unique and stable across streams). */
  readonly nextId: () => string;
  /** A hypothesis cut off by a failed stream whose audio this stream recognises again: it keeps its id. */
  readonly carried?: OpenUtterance;
}

/**
 * Turns one stream's responses into protocol v1 utterances, in call time. Google sends, per response, at most one
 * final result (the newly settled words) followed by interim results (together, the current hypothesis). A partial
 * carries the whole hypothesis; a final closes it. Pure apart from the id counter it is handed.
 */
export class UtteranceTracker {
  private open: OpenUtterance | undefined;
  private lastFinalEnd: number | undefined;

  constructor(private readonly context: TrackerContext) {
    this.open = context.carried;
  }

  /** True when no hypothesis is waiting for its final: a good moment to end the stream. */
  get idle(): boolean {
    return this.open === undefined;
  }

  /** Call time of the stream's first sample. */
  get baseMs(): number {
    return this.context.baseMs;
  }

  /** Call time up to which this stream's audio is settled; audio after it may still change the transcript. */
  get settledMs(): number {
    return this.lastFinalEnd ?? this.context.baseMs;
  }

  /** The events one response produces (none, a final, a partial, or a final then the next partial). */
  apply(response: StreamingResponse): Array<UtterancePartial | UtteranceFinal> {
    const results = response.results ?? [];
    const events: Array<UtterancePartial | UtteranceFinal> = [];
    for (const result of results) if (result.isFinal) this.final(result, events);
    const interim = results.filter((r) => !r.isFinal);
    if (interim.length > 0) this.partial(interim, events);
    return events;
  }

  /** Ends the stream's open hypothesis with its last text as the final, so no partial is left without one. */
  close(): UtteranceFinal | undefined {
    const open = this.open;
    if (!open) return undefined;
    this.open = undefined;
    return { type: 'utterance.final', ...this.common(open.utteranceId, open.text, open.startMs, open.endMs), tMs: Math.round(open.endMs) };
  }

  /** Gives up the open hypothesis to the stream that takes over this one's unsettled audio. */
  handOver(): OpenUtterance | undefined {
    const open = this.open;
    this.open = undefined;
    return open;
  }

  private final(result: StreamingResult, events: Array<UtterancePartial | UtteranceFinal>): void {
    const alternative = result.alternatives?.[0];
    const text = (alternative?.transcript ?? '').trim();
    const endMs = this.toCallTime(durationMs(result.resultEndTime)) ?? this.open?.endMs ?? this.settledMs;
    const words = (alternative?.words ?? []).map((w) => this.word(w)).filter((w): w is WordTiming => w !== undefined);
    const open = this.open;
    this.open = undefined;
    const startMs = Math.min(words[0]?.startMs ?? open?.startMs ?? this.settledMs, endMs);
    this.lastFinalEnd = endMs;
    // An empty final with nothing open settles silence or noise: nothing to replace, nothing to say.
    if (!text && !open) return;
    const confidence = positive(alternative?.confidence);
    events.push({
      type: 'utterance.final',
      ...this.common(open?.utteranceId ?? this.context.nextId(), text, startMs, endMs),
      tMs: Math.round(endMs),
      ...(confidence !== undefined ? { confidence } : {}),
      ...(words.length > 0 ? { words } : {}),
    });
  }

  private partial(interim: readonly StreamingResult[], events: Array<UtterancePartial | UtteranceFinal>): void {
    const text = joinHypothesis(interim.map((r) => r.alternatives?.[0]?.transcript ?? ''));
    if (!text) return;
    const ends = interim.map((r) => this.toCallTime(durationMs(r.resultEndTime))).filter((t): t is number => t !== undefined);
    const endMs = Math.max(this.open?.startMs ?? this.settledMs, ...ends);
    if (this.open?.text === text) return;
    const open: OpenUtterance = { utteranceId: this.open?.utteranceId ?? this.context.nextId(), text, startMs: this.open?.startMs ?? this.settledMs, endMs };
    this.open = open;
    events.push({ type: 'utterance.partial', ...this.common(open.utteranceId, text, open.startMs, endMs), tMs: Math.round(endMs) });
  }

  private word(info: protos.google.cloud.speech.v1.IWordInfo): WordTiming | undefined {
    const startMs = this.toCallTime(durationMs(info.startTime));
    const endMs = this.toCallTime(durationMs(info.endTime));
    if (!info.word || startMs === undefined || endMs === undefined) return undefined;
    const confidence = positive(info.confidence);
    return { w: info.word, startMs: Math.round(startMs), endMs: Math.round(Math.max(startMs, endMs)), ...(confidence !== undefined ? { confidence } : {}) };
  }

  private common(utteranceId: string, text: string, startMs: number, endMs: number) {
    const start = Math.round(startMs);
    return { callId: this.context.callId, utteranceId, speaker: this.context.speaker, text, startMs: start, endMs: Math.max(start, Math.round(endMs)) };
  }

  private toCallTime(offsetMs: number | undefined): number | undefined {
    return offsetMs === undefined ? undefined : this.context.baseMs + offsetMs;
  }
}

/** Google reports 0 for "not set"; floats arrive as 0.8999999761581421. */
function positive(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && value > 0 ? Math.min(1, Math.round(value * 1e4) / 1e4) : undefined;
}

/**
 * Joins the pieces of an interim hypothesis (stable part, then less stable parts). Google separates English words
 * with a leading space on the later piece; where a piece boundary falls between two Latin letters or digits without
 * one, a space is added. Chinese needs none.
 */
function joinHypothesis(pieces: readonly string[]): string {
  let text = '';
  for (const piece of pieces) {
    if (/[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(piece)) text += ' ';
    text += piece;
  }
  return text.replace(/\s+/g, ' ').trim();
}
