/**
 * How one unit of a pattern (a Chinese character, an English word) met the text: the same; a sound-alike (同音字,
 * same phonetic key); a near miss (模糊音, a recogniser's garble of the word); or a different unit, an edit.
 */
export type UnitKind = 'same' | 'sound' | 'near' | 'edit';

/** What each kind of unit contributes to a match's confidence. */
export const UNIT_SCORE: Readonly<Record<UnitKind, number>> = { same: 1, sound: 0.9, near: 0.75, edit: 0.5 };

/** A literal segment of a pattern found in a normalised text, [begin, end) in normalised offsets, with how it was bent. */
export interface SegmentOccurrence {
  readonly begin: number;
  readonly end: number;
  /** Units of the pattern segment, and how many of them met the text in each way. */
  readonly units: number;
  readonly same: number;
  readonly sound: number;
  readonly near: number;
  readonly edits: number;
}

/** Occurrences per segment text. */
export type OccurrenceMap = Map<string, SegmentOccurrence[]>;

/** Adds an occurrence to a map. */
export function addOccurrence(map: OccurrenceMap, segment: string, occurrence: SegmentOccurrence): void {
  const list = map.get(segment);
  if (list) list.push(occurrence);
  else map.set(segment, [occurrence]);
}

/** Counts units by kind. */
export function tally(kinds: readonly UnitKind[], begin: number, end: number, units = kinds.length): SegmentOccurrence {
  let same = 0;
  let sound = 0;
  let near = 0;
  let edits = 0;
  for (const k of kinds) {
    if (k === 'same') same++;
    else if (k === 'sound') sound++;
    else if (k === 'near') near++;
    else edits++;
  }
  return { begin, end, units, same, sound, near, edits };
}

/** A segment to look for fuzzily, and the most edits any pattern using it may spend on it. */
export interface FuzzySegment {
  readonly text: string;
  readonly maxEdits: number;
}
