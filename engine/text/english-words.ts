import { createRequire } from 'node:module';

interface DoubleMetaphoneEncoder {
  process(token: string): [string, string];
}
// natural's deep paths: the package root takes ~0.7 s, prints to stdout and reads .env files.
const require = createRequire(import.meta.url);
const DoubleMetaphone = require('natural/lib/natural/phonetics/double_metaphone.js') as new () => DoubleMetaphoneEncoder;
const encoder = new DoubleMetaphone();

// Spoken contractions as recognisers write them without the apostrophe: words, though no dictionary lists them.
const CONTRACTIONS = [
  'dont', 'doesnt', 'didnt', 'cant', 'couldnt', 'wouldnt', 'shouldnt', 'wont', 'isnt', 'arent', 'wasnt', 'werent', 'havent', 'hasnt',
  'hadnt', 'im', 'ive', 'id', 'ill', 'youre', 'youve', 'youd', 'youll', 'hes', 'shes', 'its', 'were', 'weve', 'wed', 'well', 'theyre',
  'theyve', 'theyd', 'theyll', 'thats', 'whats', 'theres', 'heres', 'wheres', 'whos', 'lets', 'shouldve', 'couldve', 'wouldve',
  'okay', 'ok', 'yeah', 'gonna', 'wanna', 'gotta',
];

// Short words that sound alike but are spelled apart: their phonetic keys are too short (no/know: N) for the spelling
// test to trust, yet recognisers swap them all the time.
const HOMOPHONE_SETS: readonly (readonly string[])[] = [
  ['no', 'know'], ['not', 'knot'], ['new', 'knew'], ['right', 'write'], ['here', 'hear'], ['there', 'their', 'theyre'],
  ['to', 'too', 'two'], ['for', 'four'], ['by', 'buy', 'bye'], ['one', 'won'], ['wait', 'weight'], ['would', 'wood'],
  ['whole', 'hole'], ['do', 'due', 'dew'], ['week', 'weak'], ['see', 'sea'], ['be', 'bee'], ['so', 'sew'], ['our', 'hour'], ['your', 'youre', 'yore'],
  ['whos', 'whose'], ['were', 'where', 'wear'], ['then', 'than'], ['mail', 'male'], ['sale', 'sail'], ['fair', 'fare'],
];
const HOMOPHONES = new Map<string, ReadonlySet<string>>();
for (const set of HOMOPHONE_SETS) for (const w of set) HOMOPHONES.set(w, new Set(set.filter((x) => x !== w)));

/** True for two different words that a recogniser writes for one another because they sound the same (no/know). */
export function areHomophones(a: string, b: string): boolean {
  return HOMOPHONES.get(a)?.has(b) ?? false;
}

let dictionary: ReadonlySet<string> | undefined;
const keyCache = new Map<string, readonly string[]>();
const KEY_CACHE_LIMIT = 100_000;

/**
 * Loads the English word list (tens of milliseconds). Call at start-up, where packs are compiled; the first lookup loads
 * it too if nobody did.
 */
export function loadEnglishDictionary(): void {
  if (dictionary) return;
  const words = require('an-array-of-english-words') as readonly string[];
  dictionary = new Set([...words, ...CONTRACTIONS]);
}

/** True for a real English word ("come", "knot"), false for a recogniser's garble ("com"). */
export function isEnglishWord(word: string): boolean {
  loadEnglishDictionary();
  return (dictionary as ReadonlySet<string>).has(word);
}

/** The double-metaphone keys of a word (primary first, then a different secondary); digits and empty words have none. */
export function phoneticKeysOf(word: string): readonly string[] {
  let keys = keyCache.get(word);
  if (keys === undefined) {
    if (!/[a-z]/.test(word)) keys = [];
    else {
      const [primary, secondary] = encoder.process(word);
      keys = primary === secondary || !secondary ? [primary] : [primary, secondary];
    }
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(word, keys);
  }
  return keys;
}
