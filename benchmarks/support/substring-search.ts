/** The plainest peer: does any phrase of the list occur in the (cleaned) text? English phrases only on whole words. */
export function substringFlags(phrases: readonly string[], text: string, language: 'zh' | 'en'): boolean {
  for (const p of phrases) if (text.includes(p) && (language === 'zh' || wordAligned(text, p))) return true;
  return false;
}

function wordAligned(text: string, phrase: string): boolean {
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    const before = at === 0 || text[at - 1] === ' ';
    const after = at + phrase.length === text.length || text[at + phrase.length] === ' ';
    if (before && after) return true;
  }
  return false;
}
