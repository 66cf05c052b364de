import type { Observable } from 'rxjs';
import { pcmBufferSource } from '../../../adapters/audio/pcm-buffer-source.js';
import { resolveGoogleSpeechConfig, type GoogleSpeechOverrides } from '../../../adapters/google-speech/google-speech-config.js';
import { transcribeCall, type CallAudio, type TranscribeDeps } from '../../../adapters/google-speech/transcribe-call.js';
import type { CallEvent } from '../../../engine/index.js';
import { markedPcm } from '../../support/call-audio.js';
import type { FakeSpeechServer, FakeStep, FakeStreamInfo } from '../../support/fake-speech-server.js';

/** The events an observable emitted, and the error it ended with, if any. */
export function collect(events$: Observable<CallEvent>): Promise<{ events: CallEvent[]; error?: unknown }> {
  const events: CallEvent[] = [];
  return new Promise((resolve) => {
    events$.subscribe({ next: (e) => events.push(e), error: (error: unknown) => resolve({ events, error }), complete: () => resolve({ events }) });
  });
}

/** Marked audio of one call, run through the adapter against a fake server, as fast as the server takes it. */
export function transcribeMarked(
  server: FakeSpeechServer,
  audio: { sampleRateHz: number; channels: number; durationMs: number },
  options: { call?: Partial<CallAudio>; config?: GoogleSpeechOverrides; deps?: TranscribeDeps } = {},
): { pcm: Buffer; events$: Observable<CallEvent>; run: () => Promise<{ events: CallEvent[]; error?: unknown }> } {
  const format = { sampleRateHz: audio.sampleRateHz, channels: audio.channels, bitsPerSample: 16 as const };
  const pcm = markedPcm(format, audio.durationMs);
  // Plaintext endpoint and an empty environment: no credentials are looked for or sent.
  const config = resolveGoogleSpeechConfig({ endpoint: server.endpoint, ...options.config }, {});
  const call: CallAudio = { callId: 'c-1', language: 'zh-CN', speakers: audio.channels === 2 ? ['agent', 'customer'] : ['agent'], speed: Infinity, ...options.call };
  const events$ = transcribeCall(pcmBufferSource(format, pcm), call, config, options.deps);
  return { pcm, events$, run: () => collect(events$) };
}

/** Bytes of mono 16-bit audio before call time `ms`. */
export function monoOffset(sampleRateHz: number, ms: number): number {
  return Math.round((sampleRateHz * ms) / 1000) * 2;
}

/** Utterance events reduced to what tests compare. */
export function utterances(events: readonly CallEvent[]) {
  return events.flatMap((e) =>
    e.type === 'utterance.partial' || e.type === 'utterance.final'
      ? [{ type: e.type === 'utterance.final' ? 'final' : 'partial', id: e.utteranceId, text: e.text, startMs: e.startMs, endMs: e.endMs, tMs: e.tMs }]
      : [],
  );
}

/** A script per stream, in the order streams open; later streams get none. */
export function byIndex(...scripts: ReadonlyArray<readonly FakeStep[]>): (info: FakeStreamInfo) => readonly FakeStep[] {
  return (info) => scripts[info.index] ?? [];
}
