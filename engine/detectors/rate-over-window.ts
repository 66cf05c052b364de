/** One utterance as the pace detector counts it. */
export interface Talk {
  readonly utteranceId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly units: number;
  readonly isFinal: boolean;
  /** Length of the transcript text, for evidence spans. */
  readonly textLength: number;
}

/** A speaking rate measured over a stretch of talk. */
export interface Rate {
  /** Units per minute: the units said over the summed utterance durations. */
  readonly perMinute: number;
  /** From the first utterance's start to the last one's end. */
  readonly spanMs: number;
  readonly talks: readonly Talk[];
  /** No interim hypothesis in it: the measure will not change. */
  readonly allFinal: boolean;
}

/**
 * The rate over the shortest run of latest utterances spanning at least `windowMs`; undefined while the talk is
 * shorter than that. Whole utterances only, so the measure is exactly "units / summed durations" of what was said.
 */
export function rateOverWindow(talks: readonly Talk[], windowMs: number): Rate | undefined {
  const last = talks[talks.length - 1];
  if (!last) return undefined;
  for (let i = talks.length - 1; i >= 0; i--) {
    const first = talks[i] as Talk;
    if (last.endMs - first.startMs >= windowMs) return rateOf(talks.slice(i), last.endMs - first.startMs);
  }
  return undefined;
}

/** The rate over the latest utterances adding up to at least `speechMs` of speech; undefined if there is not that much. */
export function rateOverSpeech(talks: readonly Talk[], speechMs: number): Rate | undefined {
  let spoken = 0;
  for (let i = talks.length - 1; i >= 0; i--) {
    spoken += durationOf(talks[i] as Talk);
    if (spoken >= speechMs) {
      const run = talks.slice(i);
      return rateOf(run, (run[run.length - 1] as Talk).endMs - (run[0] as Talk).startMs);
    }
  }
  return undefined;
}

/**
 * Drops the utterances a window of `windowMs` can no longer reach (the window only ever moves forward), so memory
 * stays the size of one window however long the agent talks.
 */
export function pruneToWindow(talks: readonly Talk[], windowMs: number): readonly Talk[] {
  const last = talks[talks.length - 1];
  if (!last) return talks;
  let keepFrom = 0;
  for (let i = talks.length - 1; i >= 0; i--) {
    if (last.endMs - (talks[i] as Talk).startMs >= windowMs) {
      keepFrom = i;
      break;
    }
  }
  return keepFrom === 0 ? talks : talks.slice(keepFrom);
}

/** Adds an utterance, or replaces its earlier hypothesis. */
export function upsertTalk(talks: readonly Talk[], talk: Talk): readonly Talk[] {
  for (let i = talks.length - 1; i >= 0; i--) {
    if ((talks[i] as Talk).utteranceId === talk.utteranceId) {
      const copy = talks.slice();
      copy[i] = talk;
      return copy;
    }
  }
  return [...talks, talk];
}

function rateOf(talks: readonly Talk[], spanMs: number): Rate {
  let units = 0;
  let durationMs = 0;
  let allFinal = true;
  for (const t of talks) {
    units += t.units;
    durationMs += durationOf(t);
    allFinal &&= t.isFinal;
  }
  return { perMinute: durationMs > 0 ? (units * 60_000) / durationMs : 0, spanMs, talks, allFinal };
}

function durationOf(t: Talk): number {
  return Math.max(0, t.endMs - t.startMs);
}
