/** Characters the pack pattern language gives a meaning (alternatives, optionals, gaps, lexicons, anchors). */
const SPECIAL = /[()|[\]{}?^$\\….]/g;

/** A phrase from another product as a pack pattern that matches it literally: every special character escaped. */
export function literalPattern(phrase: string): string {
  return phrase.trim().replace(SPECIAL, (c) => `\\${c}`);
}
