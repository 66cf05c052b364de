import type { protos } from '@google-cloud/speech';
import type { UtteranceFinal, UtterancePartial } from '../../engine/index.js';
import { classifyGrpcError } from './classify-grpc-error.js';
import type { SpeechCall } from './create-speech-client.js';
import type { GoogleSpeechError } from './google-speech-error.js';
import type { StreamingConfig } from './streaming-config.js';
import type { UtteranceTracker } from './utterance-tracker.js';

/** How a stream ended: cleanly (every result delivered) or with a classified error. */
export interface StreamOutcome {
  readonly error?: GoogleSpeechError;
}

type Response = protos.google.cloud.speech.v1.IStreamingRecognizeResponse;

/**
 * One StreamingRecognize call: the config first, then audio in; utterance events out (through its tracker, in call
 * time). Writes honour the call's backpressure. `ended` settles once, when Google has sent everything or the call
 * failed; `released` when the gRPC call is completely over (its status received), even after a cancel.
 */
export class RecognitionStream {
  /** Audio written so far, in ms. */
  audioMs = 0;
  /** How much of it was audio replayed from a failed stream. */
  replayedMs = 0;
  /** Responses received so far. */
  responses = 0;
  readonly ended: Promise<StreamOutcome>;
  readonly released: Promise<void>;
  private outcome: StreamOutcome | undefined;
  private settle: (outcome: StreamOutcome) => void = () => undefined;
  private cancelled = false;

  constructor(
    private readonly call: SpeechCall,
    config: StreamingConfig,
    readonly tracker: UtteranceTracker,
    where: { readonly callId: string; readonly channel: number },
    onEvents: (events: ReadonlyArray<UtterancePartial | UtteranceFinal>) => void,
  ) {
    this.ended = new Promise((resolve) => {
      this.settle = (outcome) => {
        if (this.outcome) return;
        this.outcome = outcome;
        resolve(outcome);
      };
    });
    this.released = new Promise((resolve) => call.once('status', () => resolve()));
    call.on('data', (response: Response) => {
      if (this.outcome) return;
      // Google can also report a failure inside a response instead of as the call's status.
      if (response.error?.code) {
        this.settle({ error: classifyGrpcError(response.error, where) });
        call.cancel();
        return;
      }
      this.responses++;
      const events = tracker.apply(response);
      if (events.length > 0) onEvents(events);
    });
    call.on('end', () => this.settle({}));
    call.on('error', (err: unknown) => this.settle(this.cancelled ? {} : { error: classifyGrpcError(err, where) }));
    call.write({ streamingConfig: config });
  }

  /** The failure, once the stream has failed. */
  get failure(): GoogleSpeechError | undefined {
    return this.outcome?.error;
  }

  /** Sends mono PCM; resolves when the call can take more, false if it has failed or ended. */
  async send(pcm: Buffer, durationMs: number): Promise<boolean> {
    if (this.outcome) return false;
    this.audioMs += durationMs;
    if (this.call.write({ audioContent: pcm })) return true;
    await Promise.race([new Promise((resolve) => this.call.once('drain', resolve)), this.ended]);
    return this.outcome === undefined;
  }

  /** No more audio: Google settles what it has heard, sends the last results and ends the call. */
  halfClose(): void {
    if (!this.outcome) this.call.end();
  }

  /** Abandons the call (the server sees CANCELLED); its pending results are dropped. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.settle({});
    this.call.cancel();
  }
}
