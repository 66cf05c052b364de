/** One construct of the source product that an import could not carry over exactly. */
export interface ImportNote {
  /** Where in the source file: the rule and condition or operand, e.g. `rule 3 "服务禁语" condition 2 operator 1`. */
  readonly where: string;
  /** The construct, in the source product's words: `INCLUDE_KEYWORDS (any 2 of 4)`, `Sentiment condition`. */
  readonly construct: string;
  /** unmapped: left out of the pack; approximated: carried over with different semantics (the detail says how). */
  readonly outcome: 'unmapped' | 'approximated';
  readonly detail: string;
}

/** What an importer produces: a pack document for rules/schema, and every construct it could not map exactly. */
export interface ImportResult {
  readonly pack: ImportedPack;
  readonly notes: readonly ImportNote[];
}

/** A pack as YAML will hold it (rules are plain objects matching rules/schema; the compiler validates them). */
export interface ImportedPack {
  readonly id: string;
  readonly version: string;
  readonly language: string;
  readonly description: string;
  readonly source: string;
  readonly rules: Array<Record<string, unknown>>;
}

/** Options every importer takes. */
export interface ImportOptions {
  readonly packId: string;
  readonly language: string;
  /** The source file's name, for the pack's `source` field. */
  readonly file: string;
}
