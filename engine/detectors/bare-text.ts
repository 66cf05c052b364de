import { foldForCounting } from './count-speech-units.js';

/**
 * A whole utterance reduced to its words, for comparing it with a short list (backchannels such as 嗯 or uh-huh):
 * folded, punctuation gone, spaces collapsed. Independent of the phrase matcher's normal form, which drops fillers.
 */
export function bareText(text: string): string {
  return foldForCounting(text)
    .replace(/[^\p{L}\p{N}\p{M}\s]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}
