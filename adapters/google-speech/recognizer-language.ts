/**
 * Google's codes for languages whose BCP-47 tag as packs use it differs from the code Speech-to-Text lists:
 * Chinese is listed by spoken language and script (Mandarin vs Cantonese; Simplified vs Traditional).
 */
const GOOGLE_CODES: Record<string, string> = {
  zh: 'cmn-Hans-CN',
  'zh-cn': 'cmn-Hans-CN',
  'zh-hans': 'cmn-Hans-CN',
  'zh-hans-cn': 'cmn-Hans-CN',
  'zh-sg': 'cmn-Hans-CN',
  'cmn-cn': 'cmn-Hans-CN',
  'zh-tw': 'cmn-Hant-TW',
  'zh-hant': 'cmn-Hant-TW',
  'zh-hant-tw': 'cmn-Hant-TW',
  'zh-hk': 'yue-Hant-HK',
  'zh-hant-hk': 'yue-Hant-HK',
};

/** The language code to send Google for a call's language (zh-CN → cmn-Hans-CN; en-US stays en-US). */
export function recognizerLanguage(language: string): string {
  return GOOGLE_CODES[language.toLowerCase()] ?? language;
}
