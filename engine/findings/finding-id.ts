/**
 * The deterministic id of a finding or nudge: the call, then the finding key (rule id and the evidence it rests on:
 * an utterance, a hold, a window). The same events always give the same id, so a worker that replays a call after a
 * failover re-derives exactly the ids already stored and shown, and stores and overlays can drop the repeats.
 * A finding and the nudge it raised share the id.
 */
export function findingId(callId: string, key: string): string {
  return `${callId}:${key}`;
}
