import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { recognitionStream } from '../recognition/recognition-stream.js';
import type { CallEvent, Speaker } from '../../engine/index.js';
import type { AudioSource } from '../audio/audio-source.js';
import { paceChunks } from '../audio/pace-chunks.js';
import { splitChannels } from '../audio/split-channels.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { RecognizerError } from '../recognition/recognizer-error.js';
import type { CallAudio, Recognizer } from '../recognition/recognizer.js';
import type { SherpaOnnxConfig } from './sherpa-onnx-config.js';
import { loadSherpaRuntime, type SherpaOnlineRecognizer, type SherpaOnlineStream, type SherpaRuntime } from './sherpa-onnx-runtime.js';

/** Injected collaborators: the clock for pacing, a logger, and where the runtime comes from. */
export interface SherpaOnnxDeps {
  readonly scheduler?: SchedulerLike;
  readonly log?: Logger;
  readonly loadRuntime?: () => SherpaRuntime;
}

/** One channel's open utterance. */
interface ChannelState {
  readonly stream: SherpaOnlineStream;
  readonly speaker: Speaker;
  readonly channel: number;
  text: string;
  startMs: number;
  utterances: number;
}

/**
 * On-prem streaming recognition with sherpa-onnx and an operator-supplied transducer model, behind the common
 * Recognizer interface: one sherpa-onnx stream per channel, a partial whenever a channel's hypothesis changes, a
 * final at each endpoint (trailing silence or the utterance limit) and at the end of the audio. The model is
 * loaded once, on the first call, and shared by every call. Times: `startMs` is the start of the chunk in which the
 * utterance's first word appeared (chunkMs resolution), `endMs` the end of the chunk that produced the result.
 */
export function sherpaOnnxRecognizer(config: SherpaOnnxConfig, deps: SherpaOnnxDeps = {}): Recognizer {
  let recognizer: SherpaOnlineRecognizer | undefined;
  const model = (): SherpaOnlineRecognizer => {
    if (recognizer) return recognizer;
    const runtime = (deps.loadRuntime ?? loadSherpaRuntime)();
    try {
      recognizer = new runtime.OnlineRecognizer({
        featConfig: { sampleRate: 16000, featureDim: 80 },
        modelConfig: { transducer: { encoder: config.encoder, decoder: config.decoder, joiner: config.joiner }, tokens: config.tokens, numThreads: config.numThreads, provider: 'cpu', debug: 0 },
        decodingMethod: 'greedy_search',
        enableEndpoint: true,
        rule1MinTrailingSilence: Math.max(2.4, config.endpointSilenceS),
        rule2MinTrailingSilence: config.endpointSilenceS,
        rule3MinUtteranceLength: config.maxUtteranceS,
      });
    } catch (err) {
      throw new RecognizerError('FAILED', `sherpa-onnx refused the model (${(err as Error).message.slice(0, 200)}); check that the files are a streaming transducer model`);
    }
    return recognizer;
  };
  return {
    name: 'sherpa-onnx',
    recognize: (audio, call) => recognitionStream((emit, signal) => run(model, audio, call, config, deps, emit, signal)),
  };
}

async function run(model: () => SherpaOnlineRecognizer, audio: AudioSource, call: CallAudio, config: SherpaOnnxConfig, deps: SherpaOnnxDeps, emit: (e: CallEvent) => void, signal: AbortSignal): Promise<void> {
  const { format } = audio;
  if (call.speakers.length !== format.channels) throw new RecognizerError('CONFIG', `the audio has ${format.channels} channel(s) but ${call.speakers.length} speaker(s) were named; name one speaker per channel`);
  const log = deps.log ?? silentLogger;
  const recognizer = model();
  const channels: ChannelState[] = call.speakers.map((speaker, channel) => ({ stream: recognizer.createStream(), speaker, channel, text: '', startMs: 0, utterances: 0 }));
  emit({ type: 'call.started', callId: call.callId, tMs: 0, language: call.language, ...(call.agentId ? { agentId: call.agentId } : {}) });
  log('info', 'sherpa-onnx recognition started', { callId: call.callId, channels: channels.length, sampleRateHz: format.sampleRateHz });
  const utteranceId = (state: ChannelState) => `ch${state.channel + 1}-u${state.utterances}`;
  const settle = (state: ChannelState, endMs: number) => {
    if (state.text) {
      emit({ type: 'utterance.final', callId: call.callId, utteranceId: utteranceId(state), speaker: state.speaker, text: state.text, startMs: Math.round(state.startMs), endMs: Math.round(Math.max(state.startMs, endMs)), tMs: Math.round(endMs) });
    }
    state.text = '';
  };
  const step = (state: ChannelState, chunkStartMs: number, endMs: number) => {
    while (recognizer.isReady(state.stream)) recognizer.decode(state.stream);
    const text = recognizer.getResult(state.stream).text.trim();
    if (text && text !== state.text) {
      if (!state.text) {
        state.utterances++;
        state.startMs = chunkStartMs;
      }
      state.text = text;
      emit({ type: 'utterance.partial', callId: call.callId, utteranceId: utteranceId(state), speaker: state.speaker, text, startMs: Math.round(state.startMs), endMs: Math.round(endMs), tMs: Math.round(endMs) });
    }
    if (recognizer.isEndpoint(state.stream)) {
      settle(state, endMs);
      recognizer.reset(state.stream);
    }
  };
  let audioMs = 0;
  try {
    for await (const chunk of paceChunks(audio, { chunkMs: config.chunkMs, speed: call.speed ?? 1, scheduler: deps.scheduler ?? asyncScheduler, signal })) {
      const planes = splitChannels(chunk.pcm, format.channels);
      channels.forEach((state, i) => {
        state.stream.acceptWaveform({ samples: toFloat(planes[i] as Buffer), sampleRate: format.sampleRateHz });
        step(state, chunk.atMs, chunk.atMs + chunk.durationMs);
      });
      audioMs = chunk.atMs + chunk.durationMs;
    }
    for (const state of channels) {
      // Trailing silence lets the model emit the last words, then the stream is told no more audio comes.
      state.stream.acceptWaveform({ samples: new Float32Array(Math.round(format.sampleRateHz * 0.4)), sampleRate: format.sampleRateHz });
      state.stream.inputFinished();
      step(state, audioMs, audioMs);
      settle(state, audioMs);
    }
    emit({ type: 'call.ended', callId: call.callId, tMs: Math.round(audioMs), endedBy: 'unknown' });
  } catch (err) {
    if (err instanceof RecognizerError || signal.aborted) throw err;
    log('error', 'sherpa-onnx recognition failed', { callId: call.callId, error: (err as Error).name });
    throw new RecognizerError('FAILED', `sherpa-onnx failed while recognising call ${call.callId} (${(err as Error).name})`);
  }
}

/** 16-bit PCM to the -1…1 floats sherpa-onnx takes. */
function toFloat(pcm: Buffer): Float32Array {
  const out = new Float32Array(pcm.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = pcm.readInt16LE(i * 2) / 32768;
  return out;
}
