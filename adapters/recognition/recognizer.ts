import type { Observable } from 'rxjs';
import type { CallEvent, Speaker } from '../../engine/index.js';
import type { AudioSource } from '../audio/audio-source.js';

/** What is known about one call before its audio is recognised. */
export interface CallAudio {
  readonly callId: string;
  /** The call's language as packs know it (BCP-47, e.g. zh-CN); a recogniser maps it to its own code. */
  readonly language: string;
  /** The speaker on each audio channel, in channel order: one entry for mono, two for agent/customer stereo. */
  readonly speakers: readonly Speaker[];
  readonly agentId?: string;
  /** Overrides the code sent to the recogniser when its own mapping of `language` is not what the project needs. */
  readonly recognizerLanguage?: string;
  /** 1 = real time; Infinity = as fast as the recogniser takes it (live sources set their own pace: use Infinity). */
  readonly speed?: number;
}

/** The recognisers callcoach can be configured with. */
export const RECOGNIZER_NAMES = ['google', 'sherpa-onnx'] as const;
export type RecognizerName = (typeof RECOGNIZER_NAMES)[number];

/**
 * Speech to protocol v1 events, whatever does the recognising. Every implementation emits the same contract, so the
 * engine cannot tell them apart: `call.started` (tMs 0, the call's language and agent) before anything else;
 * `utterance.partial` / `utterance.final` per channel with `speaker` from `call.speakers`, call-time `startMs` /
 * `endMs`, a `utteranceId` unique in the call that a final shares with its partials, and no partial left without a
 * final; `stream.gap` for audio that was never recognised; `call.ended` (endedBy unknown) once the audio is over and
 * every result is out. `tMs` never goes back. Errors carry a stable `code` and a `retryable` flag; unsubscribing
 * stops recognition and releases what it held.
 */
export interface Recognizer {
  readonly name: RecognizerName;
  recognize(audio: AudioSource, call: CallAudio): Observable<CallEvent>;
}
