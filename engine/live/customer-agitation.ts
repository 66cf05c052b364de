import type { UtteranceState } from '../state/call-state.js';
import { countSpeechUnits } from '../detectors/count-speech-units.js';
import type { TextLanguage } from '../text/text-language.js';

/** How upset the customer sounds, turn by turn: a 0–100 score and a level that moves with hysteresis. */
export interface Agitation {
  readonly score: number;
  readonly level: 'calm' | 'rising' | 'agitated';
}

// Words of intensity, blame and threat: each counts once per turn, and never alone decides the level.
const INTENSE: Record<TextLanguage, RegExp> = {
  zh: /(到底|究竟|凭什么|怎么回事|太过分|气死|受够|垃圾|骗子|坑人|欺负|什么破|投诉|曝光|找(你们)?领导|叫(你们)?(经理|领导)|退钱|赔钱|12315|消协|律师|起诉|别废话|听不懂|有病|滚)/g,
  en: /\b(ridiculous|unacceptable|outrageous|joke|scam|rip[- ]?off|worst|useless|incompetent|sick of|fed up|lawyer|sue|complaint|complain|manager|supervisor|refund|cancel|never again|for the last time|how many times|are you kidding|what the hell|damn)\b/gi,
};
const EXCLAIM = /[!！]/g;
// Hysteresis: agitated from 50 until the score falls below 30; "rising" from 25. The score climbs fast and settles
// slowly, so one calm "okay." after an outburst does not clear the tile.
const AGITATED_AT = 50;
const CALM_BELOW = 30;
const RISING_AT = 25;
const RISE_WEIGHT = 0.7;
const FALL_WEIGHT = 0.35;
const REPEAT_SIMILARITY = 0.45;

/**
 * Scores each final customer turn from what was said and how: exclamations, intensity and threat words, repeating
 * the last turn (saying it again because it was not heard), speaking faster than their own start, and talking over the
 * agent. The score is smoothed over turns, so one sharp word does not make a call "agitated"; the level keeps its state
 * until the score clearly crosses back (no flapping tiles or repeated alerts).
 */
export function createAgitationTracker(language: TextLanguage) {
  let smoothed = 0;
  let level: Agitation['level'] = 'calm';
  let previous: string | undefined;
  let baselineRate: number | undefined;

  return (turn: Pick<UtteranceState, 'text' | 'startMs' | 'endMs'>, agentTalkingUntilMs: number): Agitation => {
    const text = turn.text;
    const units = countSpeechUnits(text, language, []);
    const durationMs = Math.max(1, turn.endMs - turn.startMs);
    const rate = (units * 60_000) / durationMs;
    baselineRate ??= rate;
    let raw = 0;
    raw += Math.min(3, (text.match(EXCLAIM) ?? []).length) * 15;
    raw += Math.min(3, (text.match(INTENSE[language]) ?? []).length) * 20;
    if (language === 'en') raw += Math.min(2, (text.match(/\b[A-Z]{3,}\b/g) ?? []).length) * 10;
    if (previous !== undefined && similarity(previous, text) > REPEAT_SIMILARITY) raw += 20;
    if (rate > baselineRate * 1.3) raw += 15;
    if (turn.startMs < agentTalkingUntilMs) raw += 15;
    previous = text;
    const target = Math.min(100, raw);
    const weight = target >= smoothed ? RISE_WEIGHT : FALL_WEIGHT;
    smoothed = Math.round(weight * target + (1 - weight) * smoothed);
    if (level === 'agitated') level = smoothed < CALM_BELOW ? (smoothed >= RISING_AT ? 'rising' : 'calm') : 'agitated';
    else level = smoothed >= AGITATED_AT ? 'agitated' : smoothed >= RISING_AT ? 'rising' : 'calm';
    return { score: smoothed, level };
  };
}

/** Share of character bigrams two turns have in common (Dice): "saying it again" survives small wording changes. */
function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const clean = s.toLowerCase().replace(/[\s\p{P}]/gu, '');
    const out = new Map<string, number>();
    for (let i = 0; i + 1 < clean.length; i++) out.set(clean.slice(i, i + 2), (out.get(clean.slice(i, i + 2)) ?? 0) + 1);
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  let common = 0;
  let total = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  for (const [g, n] of ga) common += Math.min(n, gb.get(g) ?? 0);
  return total === 0 ? 0 : (2 * common) / total;
}
