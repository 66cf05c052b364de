import type { UtteranceState } from '../state/call-state.js';

/** +1 when an utterance opens with an interim result, -1 when an open one gets its final, else 0. */
export function openUtteranceDelta(previous: UtteranceState | undefined, u: UtteranceState): number {
  if (!previous) return u.isFinal ? 0 : 1;
  return !previous.isFinal && u.isFinal ? -1 : 0;
}
