import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;
const DIGIT_READINGS: Record<string, readonly string[]> = {
  '0': ['ling'], '1': ['yi', 'yao'], '2': ['er', 'liang'], '3': ['san'], '4': ['si'],
  '5': ['wu'], '6': ['liu'], '7': ['qi'], '8': ['ba'], '9': ['jiu'],
};
const NONE: readonly string[] = [];
// Converting with pinyin-pro is the slowest step of matching; each character is converted once, ever.
const readingsCache = new Map<string, readonly string[]>();
const nearCache = new Map<string, readonly string[]>();
const tonedCache = new Map<string, readonly string[]>();

/**
 * Every toneless reading of a character, its most common first (谁 -> shui, shei); digits read as numerals;
 * anything else has none.
 */
export function readingsOf(ch: string): readonly string[] {
  let readings = readingsCache.get(ch);
  if (readings === undefined) {
    if (ch in DIGIT_READINGS) readings = DIGIT_READINGS[ch] as readonly string[];
    else if (HAN.test(ch)) readings = [...new Set(pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }).map((r) => r.replace('ü', 'v')))];
    else readings = NONE;
    readingsCache.set(ch, readings);
  }
  return readings;
}

/** Every reading of a character with its tone (管 -> guǎn), its most common first; none for anything but Han. */
export function tonedReadingsOf(ch: string): readonly string[] {
  let readings = tonedCache.get(ch);
  if (readings === undefined) {
    readings = HAN.test(ch) ? [...new Set(pinyin(ch, { multiple: true, type: 'array' }))] : NONE;
    tonedCache.set(ch, readings);
  }
  return readings;
}

/**
 * The readings of a character folded the way recognisers and southern accents blur them (模糊音): zh/z, ch/c, sh/s,
 * n/l, r/l, f/h initials and -ng/-n finals. Two characters whose folded readings meet are near-homophones.
 */
export function nearReadingsOf(ch: string): readonly string[] {
  let near = nearCache.get(ch);
  if (near === undefined) {
    // Kept in reading order: the first is the folded usual reading.
    near = [...new Set(readingsOf(ch).map(foldSyllable))];
    nearCache.set(ch, near);
  }
  return near;
}

function foldSyllable(syllable: string): string {
  let s = syllable.replace(/^([zcs])h/, '$1').replace(/^[nr]/, 'l').replace(/^f/, 'h');
  s = s.replace(/ng$/, 'n');
  return s;
}
