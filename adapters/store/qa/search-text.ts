// Han, kana and hangul: scripts written without spaces, indexed one character per token.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu;

/**
 * Text as the search index stores it: lower-cased words, and each Chinese (or Japanese, Korean) character a word of its
 * own, separated by spaces. Both databases' plain word tokenizers (SQLite FTS5 unicode61, PostgreSQL's 'simple'
 * configuration) then index it the same way, and a phrase query of characters finds any run of them, two characters
 * or twenty, with no dictionary to disagree with the recogniser's wording.
 */
export function searchBodyOf(text: string): string {
  return tokensOf(text).join(' ');
}

/** The tokens of a query, in order, for a phrase query; empty when the query has no letters or digits. */
export function searchTokensOf(query: string): string[] {
  return tokensOf(query);
}

function tokensOf(text: string): string[] {
  return [...text.normalize('NFKC').toLowerCase().matchAll(TOKEN)].map((m) => m[0]);
}

/** Whether a token is a single unspaced-script character. */
export function isUnspacedCharacter(token: string): boolean {
  return [...token].length === 1 && UNSPACED.test(token);
}
