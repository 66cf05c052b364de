import type { UtteranceState } from '../state/call-state.js';
import type { PhraseHit } from '../text/phrase-hit.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { buildFinding, buildProvisional } from './finding-builder.js';
import { stepMachine } from './step-machine.js';
import type { CompiledRule } from '../pack/compiled-pack.js';

/** Parameters of the `phrase` kind; its patterns live in the pack's phrase index under the role 'match'. */
export interface PhraseParams {
  /** Flag from interim results (confirmed only by the final). */
  readonly provisional: boolean;
}

interface Memory {
  /** Utterances flagged from a partial, and when. */
  readonly flagged: ReadonlyMap<string, number>;
}

/**
 * Forbidden phrases: a match in an interim result raises a provisional finding at once;
 * only the final result confirms it, and a later interim or final result without the phrase retracts it.
 */
export const phraseDetector: DetectorFactory<PhraseParams> = (rule, context) => {
  const speakers = new Set(rule.speakers);
  return stepMachine<Memory>(
    () => ({ flagged: new Map() }),
    (memory, step) => (step.change.kind === 'utterance' && speakers.has(step.change.utterance.speaker) ? judge(rule, context, memory, step.change.utterance) : { memory }),
  );
};

function judge(rule: CompiledRule<PhraseParams>, context: DetectorContext, memory: Memory, utterance: UtteranceState): { memory: Memory; signals?: DetectorSignal[] } {
  const hits = hitsOf(rule, context, utterance);
  const flaggedAt = memory.flagged.get(utterance.utteranceId);
  if (hits.length === 0 && flaggedAt === undefined) return { memory };
  const now = context.clock.nowMs();
  if (!utterance.isFinal) {
    if (flaggedAt !== undefined && hits.length === 0) {
      // The recogniser changed its mind before the final: take the nudge back now (or cancel it while it is held), so
      // a held nudge only shows when the phrase stays in the hypothesis for the whole hold.
      const flagged = new Map(memory.flagged);
      flagged.delete(utterance.utteranceId);
      return { memory: { flagged }, signals: [retraction(rule, utterance, now, 'a later interim result no longer contains the phrase')] };
    }
    if (hits.length === 0 || flaggedAt !== undefined || !rule.params.provisional) return { memory };
    const provisional = buildProvisional(rule, context, { key: utterance.utteranceId, atMs: now, utteranceId: utterance.utteranceId, evidence: evidenceOf(utterance, hits) });
    return { memory: { flagged: new Map(memory.flagged).set(utterance.utteranceId, now) }, signals: [{ type: 'provisional', finding: provisional }] };
  }
  const flagged = new Map(memory.flagged);
  flagged.delete(utterance.utteranceId);
  if (hits.length === 0) return { memory: { flagged }, signals: [retraction(rule, utterance, now, 'the final transcript does not contain the phrase')] };
  const finding = buildFinding(rule, context, {
    key: utterance.utteranceId,
    atMs: flaggedAt ?? now,
    confirmedAtMs: now,
    utteranceId: utterance.utteranceId,
    evidence: evidenceOf(utterance, hits),
  });
  return { memory: { flagged }, signals: [{ type: 'confirmed', finding }] };
}

function retraction(rule: CompiledRule, utterance: UtteranceState, atMs: number, reason: string): DetectorSignal {
  return { type: 'retracted', key: `${rule.id}:${utterance.utteranceId}`, ruleId: rule.id, atMs, reason };
}

function hitsOf(rule: CompiledRule, context: DetectorContext, utterance: UtteranceState): PhraseHit[] {
  const analysis = utterance.analyses[context.packIndex];
  return analysis ? analysis.hits.filter((h) => h.ruleId === rule.id && h.role === 'match') : [];
}

function evidenceOf(utterance: UtteranceState, hits: readonly PhraseHit[]) {
  const best = hits.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  const how = best.method === 'exact' ? 'exact match' : `${best.method} match, confidence ${best.confidence.toFixed(2)}`;
  return {
    explanation:
      best.method === 'semantic'
        ? `said a forbidden phrase in other words (close to: ${best.pattern}, similarity ${best.confidence.toFixed(2)})`
        : `said a forbidden phrase (${how} of pattern "${best.pattern}")`,
    quote: utterance.text.slice(best.start, best.end),
    spans: hits.map((h) => ({ utteranceId: utterance.utteranceId, start: h.start, end: h.end })),
    method: best.method,
    confidence: best.confidence,
    pattern: best.pattern,
    speaker: utterance.speaker,
  };
}
