import type { SchedulerLike } from 'rxjs';
import type { CallEvent, Speaker } from '../../engine/index.js';
import { schedulerDelay } from '../audio/scheduler-delay.js';
import type { Logger } from '../log/logger.js';
import { backoffDelayMs } from './backoff-delay-ms.js';
import { classifyGrpcError } from './classify-grpc-error.js';
import type { SpeechStreamClient } from './create-speech-client.js';
import type { GoogleSpeechConfig } from './google-speech-config.js';
import { GoogleSpeechError } from './google-speech-error.js';
import { RecognitionStream } from './recognition-stream.js';
import { ReplayBuffer } from './replay-buffer.js';
import { rotationDue } from './rotation-due.js';
import type { StreamingConfig } from './streaming-config.js';
import { UtteranceTracker, type OpenUtterance } from './utterance-tracker.js';

/** Everything one channel's recogniser works with. */
export interface ChannelContext {
  readonly callId: string;
  /** 0-based channel index in the call's audio. */
  readonly channel: number;
  readonly speaker: Speaker;
  readonly sampleRateHz: number;
  readonly client: SpeechStreamClient;
  readonly streaming: StreamingConfig;
  readonly config: GoogleSpeechConfig;
  readonly scheduler: SchedulerLike;
  readonly random: () => number;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly emit: (event: CallEvent) => void;
}

/**
 * New audio (beyond what it replayed) a stream must have taken before its failure counts as progress when it settled
 * nothing: a silent channel makes no finals, yet a stream that carried it this long was working.
 */
const PROGRESS_AUDIO_MS = 30_000;

/**
 * One audio channel's recognition across as many StreamingRecognize calls as the call needs. It owns the vendor's
 * stream quirks: it ends a stream before Google's duration limit and starts the next exactly where it stopped (call
 * time stays continuous because each stream's offsets are rebased onto the call time of its first sample); when a
 * stream fails with a retryable error it waits (exponential backoff) and replays the audio Google had not settled
 * into a new stream, so a hypothesis cut by the failure is recognised again under the same utteranceId; permanent
 * errors, and retryable ones past the retry budget, fail the channel.
 *
 * One stream at a time: a stream being ended is drained (its last finals arrive) before the next one starts, so
 * results stay in call-time order and a failed drain can still be replayed.
 */
export class ChannelRecognizer {
  private stream: RecognitionStream | undefined;
  private readonly buffer: ReplayBuffer;
  private utterances = 0;
  private failures = 0;
  private readonly calls: RecognitionStream[] = [];

  constructor(private readonly context: ChannelContext) {
    this.buffer = new ReplayBuffer(context.sampleRateHz, context.config.maxReplayMs);
  }

  /** Sends one chunk of this channel's audio (call time `atMs`); resolves when the recogniser can take the next. */
  async write(pcm: Buffer, atMs: number, durationMs: number): Promise<void> {
    const current = this.stream;
    if (current && !current.failure && rotationDue({ audioMs: current.audioMs, idle: current.tracker.idle }, durationMs, this.context.config)) {
      await this.endStream('rotate');
    }
    this.buffer.append(pcm, atMs);
    if (!this.stream) this.stream = this.openStream(atMs);
    const stream = this.stream;
    if (stream.failure || !(await stream.send(pcm, durationMs))) await this.recover();
  }

  /** No more audio: drains the last stream (replaying it if it fails while draining). */
  async finish(): Promise<void> {
    while (this.stream) await this.endStream('finish');
  }

  /** Abandons the channel's stream (unsubscribe or another channel's failure). */
  cancel(): void {
    this.stream?.cancel();
    this.stream = undefined;
  }

  /** Resolves when every gRPC call this channel made is completely over. */
  async released(): Promise<void> {
    await Promise.all(this.calls.map((c) => c.released));
  }

  /** Half-closes the current stream and waits for its last results; on failure, replays it into a new one. */
  private async endStream(reason: 'rotate' | 'finish'): Promise<void> {
    const stream = this.stream as RecognitionStream;
    stream.halfClose();
    const outcome = await stream.ended;
    this.context.signal.throwIfAborted();
    if (outcome.error) {
      await this.recover();
      return;
    }
    const dangling = stream.tracker.close();
    if (dangling) this.context.emit(dangling);
    this.buffer.clear();
    this.stream = undefined;
    this.failures = 0;
    if (reason === 'rotate') this.context.log('debug', 'google speech stream restarted before its limit', this.where({ audioMs: Math.round(stream.audioMs) }));
  }

  /** Replaces a failed stream: backoff, then a new stream fed the audio the old one had not settled. */
  private async recover(): Promise<void> {
    let failed = this.stream as RecognitionStream;
    for (;;) {
      this.context.signal.throwIfAborted();
      // A stream the service ended cleanly before the audio was over lost nothing settled: treat it as dropped.
      const error = failed.failure ?? classifyGrpcError({ code: 14, details: 'the service ended the stream before the audio ended' }, this.where());
      if (!error.retryable) throw error;
      // Progress (something settled, or a long stretch of new audio taken) resets the retry budget; a stream that
      // hit Google's duration limit after progress restarts at once, one that hits it again without any backs off.
      const progressed = failed.tracker.settledMs > failed.tracker.baseMs || failed.audioMs - failed.replayedMs >= PROGRESS_AUDIO_MS;
      if (progressed) this.failures = 0;
      const immediate = error.kind === 'STREAM_LIMIT' && progressed;
      if (!immediate) {
        this.failures++;
        if (this.failures > this.context.config.backoff.maxAttempts) {
          throw new GoogleSpeechError(
            'RETRIES_EXHAUSTED',
            `gave up after ${this.context.config.backoff.maxAttempts} reconnect attempts; the last failure was ${error.code}${error.fields.grpcStatus ? ` (${error.fields.grpcStatus})` : ''}`,
            this.where(),
          );
        }
        const delayMs = backoffDelayMs(this.failures, this.context.config.backoff, this.context.random);
        this.context.log('warn', 'google speech stream failed; reconnecting', this.where({ code: error.code, attempt: this.failures, delayMs }));
        await schedulerDelay(this.context.scheduler, delayMs, this.context.signal);
      } else {
        this.context.log('info', 'google speech stream hit its duration limit; restarting', this.where({ audioMs: Math.round(failed.audioMs) }));
      }
      const next = this.replayInto(failed.tracker.settledMs, failed.tracker.handOver());
      this.stream = next.stream;
      if (await next.sent) return;
      failed = next.stream;
    }
  }

  /** Opens a stream at the settled point and sends it the unsettled audio; reports audio the buffer let go as a gap. */
  private replayInto(settledMs: number, carried: OpenUtterance | undefined): { stream: RecognitionStream; sent: Promise<boolean> } {
    const replay = this.buffer.since(settledMs);
    if (replay.startMs > settledMs + 1) {
      const gap = { fromMs: Math.round(settledMs), toMs: Math.round(replay.startMs) };
      this.context.emit({ type: 'stream.gap', callId: this.context.callId, tMs: gap.toMs, ...gap, cause: 'recogniser reconnect: audio older than maxReplayMs was not kept' });
      this.context.log('warn', 'google speech replay incomplete; audio lost', this.where({ lostMs: gap.toMs - gap.fromMs }));
    }
    const stream = this.openStream(replay.startMs, carried);
    stream.replayedMs = replay.chunks.reduce((ms, pcm) => ms + (pcm.length / 2 / this.context.sampleRateHz) * 1000, 0);
    const sent = (async () => {
      for (const pcm of replay.chunks) if (!(await stream.send(pcm, (pcm.length / 2 / this.context.sampleRateHz) * 1000))) return false;
      return true;
    })();
    return { stream, sent };
  }

  private openStream(baseMs: number, carried?: OpenUtterance): RecognitionStream {
    const { callId, channel, speaker, emit } = this.context;
    const tracker = new UtteranceTracker({
      callId,
      speaker,
      baseMs,
      nextId: () => `ch${channel + 1}-u${++this.utterances}`,
      ...(carried ? { carried } : {}),
    });
    const stream = new RecognitionStream(this.context.client.open(), this.context.streaming, tracker, { callId, channel }, (events) => {
      for (const event of events) {
        emit(event);
        // Audio the recogniser has settled will never need replaying.
        if (event.type === 'utterance.final') this.buffer.dropBefore(tracker.settledMs);
      }
    });
    this.calls.push(stream);
    void stream.released.then(() => this.calls.splice(this.calls.indexOf(stream), 1));
    return stream;
  }

  private where(fields: Record<string, string | number> = {}): Record<string, string | number> & { callId: string; channel: number } {
    return { callId: this.context.callId, channel: this.context.channel, ...fields };
  }
}
