import type { UtteranceState } from '../state/call-state.js';
import type { PhraseHit } from '../text/phrase-hit.js';
import type { DetectorContext } from './detector.js';

/** The hits of one rule's patterns under one role in an utterance's latest hypothesis (read from the pack's analysis). */
export function ruleHits(utterance: UtteranceState, context: DetectorContext, ruleId: string, role: string): PhraseHit[] {
  const analysis = utterance.analyses[context.packIndex];
  return analysis ? analysis.hits.filter((h) => h.ruleId === ruleId && h.role === role) : [];
}

/** True when the utterance's latest hypothesis matches one of the rule's patterns under the role. */
export function saysAny(utterance: UtteranceState, context: DetectorContext, ruleId: string, role: string): boolean {
  const analysis = utterance.analyses[context.packIndex];
  return analysis !== undefined && analysis.hits.some((h) => h.ruleId === ruleId && h.role === role);
}
