import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { recognitionStream } from '../recognition/recognition-stream.js';
import type { CallEvent } from '../../engine/index.js';
import type { AudioSource } from '../audio/audio-source.js';
import { paceChunks } from '../audio/pace-chunks.js';
import { splitChannels } from '../audio/split-channels.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { CallAudio } from '../recognition/recognizer.js';
import { ChannelRecognizer } from './channel-recognizer.js';
import { createSpeechClient, type SpeechStreamClient } from './create-speech-client.js';
import type { GoogleSpeechConfig } from './google-speech-config.js';
import { GoogleSpeechError } from './google-speech-error.js';
import { recognizerLanguage } from './recognizer-language.js';
import { streamingConfig } from './streaming-config.js';

/** What is known about one call; the same for every recogniser (adapters/recognition/recognizer.ts). */
export type { CallAudio };

/** Injected collaborators: a shared client, the clock for pacing and backoff, randomness for jitter, a logger. */
export interface TranscribeDeps {
  /** A client shared between calls; when absent, one is created for the call and closed after it. */
  readonly client?: SpeechStreamClient;
  readonly scheduler?: SchedulerLike;
  readonly random?: () => number;
  readonly log?: Logger;
  /** Called once the call has let go of everything it held (streams, the client it created), however it ended. */
  readonly onReleased?: () => void;
}

/**
 * Recognises a call's audio with Google Speech-to-Text (v1 StreamingRecognize) and emits protocol v1 events:
 * call.started, then utterance.partial / utterance.final per channel (speaker from the channel), stream.gap when
 * audio was lost, and call.ended when the audio is over and every stream has delivered its last result. Each
 * channel is recognised by its own stream. `tMs` is the result's end in call time, never earlier than the event
 * before it, so the events are in order and a recording of them replays exactly. Errors with a GoogleSpeechError;
 * unsubscribing cancels the streams.
 */
export function transcribeCall(audio: AudioSource, call: CallAudio, config: GoogleSpeechConfig, deps: TranscribeDeps = {}): Observable<CallEvent> {
  return recognitionStream((emit, signal) => run(audio, call, config, deps, emit, signal));
}

async function run(audio: AudioSource, call: CallAudio, config: GoogleSpeechConfig, deps: TranscribeDeps, emitOut: (event: CallEvent) => void, outer: AbortSignal): Promise<void> {
  const { format } = audio;
  // Stops every channel when the subscriber leaves or when one channel fails for good, so nothing works on orphaned.
  const stop = new AbortController();
  const signal = stop.signal;
  outer.addEventListener('abort', () => stop.abort(outer.reason), { once: true });
  const emit = (event: CallEvent) => {
    if (!signal.aborted) emitOut(event);
  };
  if (call.speakers.length !== format.channels) {
    throw new GoogleSpeechError(
      'AUDIO_MISMATCH',
      `the audio has ${format.channels} channel(s) but ${call.speakers.length} speaker(s) were named; name one speaker per channel (e.g. agent,customer)`,
      { callId: call.callId },
    );
  }
  const scheduler = deps.scheduler ?? asyncScheduler;
  const log = deps.log ?? silentLogger;
  const client = deps.client ?? (await createSpeechClient(config));
  const streaming = streamingConfig(config, { sampleRateHz: format.sampleRateHz, languageCode: call.recognizerLanguage ?? recognizerLanguage(call.language) });
  const channels = call.speakers.map(
    (speaker, channel) =>
      new ChannelRecognizer({ callId: call.callId, channel, speaker, sampleRateHz: format.sampleRateHz, client, streaming, config, scheduler, random: deps.random ?? Math.random, log, signal, emit }),
  );
  signal.addEventListener('abort', () => channels.forEach((c) => c.cancel()), { once: true });
  let audioMs = 0;
  try {
    emit({ type: 'call.started', callId: call.callId, tMs: 0, language: call.language, ...(call.agentId ? { agentId: call.agentId } : {}) });
    log('info', 'google speech recognition started', { callId: call.callId, channels: channels.length, sampleRateHz: format.sampleRateHz });
    for await (const chunk of paceChunks(audio, { chunkMs: config.chunkMs, speed: call.speed ?? 1, scheduler, signal })) {
      const planes = splitChannels(chunk.pcm, format.channels);
      await Promise.all(channels.map((channel, i) => channel.write(planes[i] as Buffer, chunk.atMs, chunk.durationMs)));
      audioMs = chunk.atMs + chunk.durationMs;
    }
    await Promise.all(channels.map((channel) => channel.finish()));
    emit({ type: 'call.ended', callId: call.callId, tMs: Math.round(audioMs), endedBy: 'unknown' });
    log('info', 'google speech recognition finished', { callId: call.callId, audioMs: Math.round(audioMs) });
  } catch (err) {
    stop.abort(err);
    if (err instanceof GoogleSpeechError) log('error', 'google speech recognition failed', { callId: call.callId, code: err.code, retryable: err.retryable });
    throw err;
  } finally {
    await Promise.all(channels.map((c) => c.released()));
    if (!deps.client) await client.close();
    deps.onReleased?.();
  }
}
