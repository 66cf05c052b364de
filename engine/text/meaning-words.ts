// Words that decide who did what and whether it happened. A sound-alike or an edit may stand in for most words of a
// phrase, but never turn "your" into "our", "me" into "you" or "not" into "now": that flips what was said, and a
// sentence the agent got right ("it's not your problem") would be flagged as the rude one ("it's not our problem").

const ENGLISH_PERSONS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ['first-singular', ['i', 'me', 'my', 'mine', 'myself', 'im', 'ive', 'id', 'ill']],
    ['first-plural', ['we', 'us', 'our', 'ours', 'ourselves', 'were', 'weve', 'wed']],
    ['second', ['you', 'your', 'yours', 'yourself', 'youre', 'youve', 'youd', 'youll', 'ya', 'u', 'yore', 'yer']],
    ['third', ['he', 'him', 'his', 'she', 'her', 'hers', 'they', 'them', 'their', 'theirs', 'theyre', 'it', 'its']],
  ].flatMap(([person, words]) => (words as string[]).map((w) => [w, person as string])),
);

const ENGLISH_NEGATIONS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'nor', 'neither', 'dont', 'doesnt', 'didnt', 'cant', 'cannot', 'couldnt',
  'wouldnt', 'shouldnt', 'wont', 'isnt', 'arent', 'wasnt', 'werent', 'havent', 'hasnt', 'hadnt', 'aint',
]);

/**
 * True when a text word may not stand for a pattern word it met as `kind`: two different persons never meet, however
 * alike they sound (your/our; my/me are one person and still meet); a negation or a person is never an edit or a
 * garble (not/now, you/the), though a true homophone still meets it (not/knot, no/know).
 */
export function englishMeaningDiffers(want: string, got: string, kind: 'sound' | 'near' | 'edit'): boolean {
  const wantPerson = ENGLISH_PERSONS[want];
  const gotPerson = ENGLISH_PERSONS[got];
  if (wantPerson !== undefined && gotPerson !== undefined && wantPerson !== gotPerson) return true;
  if (kind === 'sound') return false;
  if (kind === 'near' && (wantPerson !== undefined || gotPerson !== undefined)) return false;
  return ENGLISH_NEGATIONS.has(want) || ENGLISH_NEGATIONS.has(got) || (kind === 'edit' && (wantPerson !== undefined || gotPerson !== undefined));
}

const CHINESE_MEANING_CHARACTERS: ReadonlySet<string> = new Set([...'不没别未无非莫勿', ...'你您我他她它咱']);

/**
 * True for a Chinese character that an edit may not drop, insert or replace: a negation (不, 没, 别 …) or a person
 * (你, 我, 他 …). Sound-alikes still meet it (不/布 is a recognition error, not a different sentence).
 */
export function isChineseMeaningCharacter(ch: string): boolean {
  return CHINESE_MEANING_CHARACTERS.has(ch);
}
