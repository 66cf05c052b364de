import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readMark } from './call-audio.js';

const require = createRequire(import.meta.url);
const speechRoot = dirname(require.resolve('@google-cloud/speech/package.json'));
// google/api, google/rpc and google/longrunning, which cloud_speech.proto imports, ship with google-gax.
const gaxProtos = join(dirname(createRequire(require.resolve('@google-cloud/speech')).resolve('google-gax')), '..', 'protos');

/** A scripted recognition result; times are ms from the start of the stream's audio, as Google reports them. */
export interface FakeResult {
  readonly text: string;
  readonly final?: boolean;
  readonly endMs: number;
  readonly confidence?: number;
  /** [word, startMs, endMs, confidence?] */
  readonly words?: ReadonlyArray<readonly [string, number, number, number?]>;
  /** Interim hypotheses split into a stable and an unstable piece, as Google sends them. */
  readonly pieces?: readonly string[];
}

/** One step of a stream's script, run in order. */
export type FakeStep =
  /** Once the stream has received `atMs` of audio, send one response holding these results. */
  | { readonly atMs: number; readonly results: readonly FakeResult[] }
  /** Once the stream has received `atMs` of audio, end it with this gRPC status. */
  | { readonly atMs: number; readonly fail: { readonly code: grpc.status; readonly details: string } }
  /** After the client half-closes: send these results (Google settles the open hypothesis), then end with OK. */
  | { readonly onEnd: readonly FakeResult[] }
  /** After the client half-closes: fail instead of ending. */
  | { readonly onEndFail: { readonly code: grpc.status; readonly details: string } };

/** What the server knows about a stream when its first audio arrives. */
export interface FakeStreamInfo {
  /** 0-based, in the order streams sent their first audio. */
  readonly index: number;
  /** Decoded from the first sample (see markedPcm). */
  readonly channel: number;
  /** Call time of the stream's first sample, decoded from it. */
  readonly startMs: number;
  /** The stream's first sample as received, for audio that carries no mark (telephony audio through a codec). */
  readonly firstSample: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly config: any;
}

/** Everything a stream did, for assertions. */
export interface FakeStreamRecord extends FakeStreamInfo {
  readonly audio: Buffer[];
  receivedMs: number;
  halfClosed: boolean;
  cancelled: boolean;
  failedWith?: grpc.status;
  /** Settles when the call is over, saying how (a client cancel may first look like a half-close to grpc-js). */
  readonly closed: Promise<'ended' | 'failed' | 'cancelled'>;
}

/** A running fake of Google's Speech service. */
export interface FakeSpeechServer {
  readonly port: number;
  /** For CALLCOACH_GOOGLE_SPEECH_ENDPOINT / the endpoint option: plaintext, so no credentials are involved. */
  readonly endpoint: string;
  readonly streams: FakeStreamRecord[];
  /** Streams opened (config received), including any that never got audio. */
  readonly opened: () => number;
  close(): Promise<void>;
}

/**
 * A gRPC server speaking the real google.cloud.speech.v1.Speech protocol (the .proto files shipped inside
 * @google-cloud/speech, loaded with @grpc/proto-loader) on 127.0.0.1, a random port. Each stream follows the script
 * chosen for it; `limitMs` makes it end streams that receive more audio with OUT_OF_RANGE, as Google does at 305 s.
 */
export async function startFakeSpeechServer(script: (info: FakeStreamInfo) => readonly FakeStep[], options: { limitMs?: number } = {}): Promise<FakeSpeechServer> {
  const definition = protoLoader.loadSync('google/cloud/speech/v1/cloud_speech.proto', {
    includeDirs: [join(speechRoot, 'build', 'protos'), gaxProtos],
    longs: Number,
    enums: String,
    oneofs: true,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const speech = (grpc.loadPackageDefinition(definition) as any).google.cloud.speech.v1;
  const streams: FakeStreamRecord[] = [];
  let opened = 0;
  const server = new grpc.Server();
  server.addService(speech.Speech.service, {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    streamingRecognize(call: grpc.ServerDuplexStream<any, any>) {
      opened++;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      let config: any;
      let record: FakeStreamRecord | undefined;
      let steps: FakeStep[] = [];
      let over = false;
      let settle: (how: 'ended' | 'failed' | 'cancelled') => void = () => undefined;
      const closed = new Promise<'ended' | 'failed' | 'cancelled'>((resolve) => (settle = resolve));
      const fail = (status: { code: grpc.status; details: string }) => {
        over = true;
        if (record) record.failedWith = status.code;
        call.emit('error', status);
        settle('failed');
      };
      const runDue = () => {
        while (!over && record && steps.length > 0) {
          const step = steps[0] as FakeStep;
          if (!('atMs' in step) || step.atMs > record.receivedMs) break;
          steps.shift();
          if ('fail' in step) fail(step.fail);
          else call.write(response(step.results));
        }
      };
      call.on('data', (request: { streamingConfig?: unknown; audioContent?: Buffer }) => {
        if (over) return;
        if (request.streamingConfig) {
          config = request.streamingConfig;
          return;
        }
        const audio = request.audioContent as Buffer;
        if (!record) {
          const mark = readMark(audio.readInt16LE(0));
          record = { index: streams.length, channel: mark.channel, startMs: mark.atMs, firstSample: audio.readInt16LE(0), config, audio: [], receivedMs: 0, halfClosed: false, cancelled: false, closed };
          streams.push(record);
          steps = [...script(record)];
        }
        record.audio.push(audio);
        const rate = config?.config?.sampleRateHertz ?? 16000;
        record.receivedMs += (audio.length / 2 / rate) * 1000;
        if (options.limitMs !== undefined && record.receivedMs > options.limitMs) {
          fail({ code: grpc.status.OUT_OF_RANGE, details: `Exceeded maximum allowed stream duration of ${Math.round(options.limitMs / 1000)} seconds.` });
          return;
        }
        runDue();
      });
      const halfClosed = () => {
        if (over) return;
        if (record) record.halfClosed = true;
        for (const step of steps) {
          if ('onEndFail' in step) return fail(step.onEndFail);
          if ('onEnd' in step) call.write(response(step.onEnd));
        }
        over = true;
        call.end();
        settle('ended');
      };
      call.on('end', halfClosed);
      call.on('cancelled', () => {
        over = true;
        if (record) record.cancelled = true;
        settle('cancelled');
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    streams,
    opened: () => opened,
    close: async () => server.forceShutdown(),
  };
}

function duration(ms: number) {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}

function response(results: readonly FakeResult[]) {
  return {
    results: results.flatMap((r) =>
      (r.pieces ?? [r.text]).map((piece) => ({
        alternatives: [
          {
            transcript: piece,
            confidence: r.confidence ?? 0,
            words: (r.words ?? []).map(([word, startMs, endMs, confidence]) => ({ word, startTime: duration(startMs), endTime: duration(endMs), confidence: confidence ?? 0 })),
          },
        ],
        isFinal: r.final === true,
        resultEndTime: duration(r.endMs),
      })),
    ),
  };
}
