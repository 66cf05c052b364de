/** How a phrase was recognised in a transcript: by a pattern, or (semantic) as a paraphrase close to a rule's exemplar. */
export type MatchMethod = 'exact' | 'homophone' | 'phonetic' | 'edit' | 'semantic';

/** A pattern to look for, tagged with the rule and the role it plays there. */
export interface PhraseEntry {
  /** Unique within one index. */
  readonly key: string;
  readonly ruleId: string;
  /** What the rule does with a hit: 'match', 'except', a require group such as 'group:offer', ... */
  readonly role: string;
  /** The pattern as the author wrote it. */
  readonly pattern: string;
  /** 'regex' when `pattern` is an opt-in regular expression run over the normalised text; the pattern language otherwise. */
  readonly syntax?: 'pattern' | 'regex';
  /** Fuzzy matching allowed for this entry; exact only when absent. */
  readonly fuzzy?: FuzzyOptions;
}

/** Per-rule fuzziness. */
export interface FuzzyOptions {
  /** Chinese: same toneless pinyin counts (同音字). English: same phonetic key counts. */
  readonly sounds: boolean;
  /** Syllables or words that may differ beyond sound-alikes, for patterns long enough to afford it. */
  readonly edits: number;
  /** Shortest pattern (characters for Chinese, words for English) that may match fuzzily. */
  readonly minLength: number;
}

/** One occurrence of a pattern in a text. Offsets are into the original text: [start, end). */
export interface PhraseHit {
  readonly key: string;
  readonly ruleId: string;
  readonly role: string;
  readonly pattern: string;
  readonly start: number;
  readonly end: number;
  readonly method: MatchMethod;
  /** 1 for exact; lower the more the text had to be bent to match. */
  readonly confidence: number;
}
