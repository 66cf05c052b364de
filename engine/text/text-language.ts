/** The text families the engine normalises differently. */
export type TextLanguage = 'zh' | 'en';

/** Maps a BCP-47 tag to its text family; anything not Chinese is treated as space-separated words. */
export function textLanguageOf(bcp47: string): TextLanguage {
  return bcp47.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** True when a language tag's primary subtag matches another's (zh-CN matches zh-TW and zh). */
export function sameLanguage(a: string, b: string): boolean {
  return primary(a) === primary(b);
}

function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}
