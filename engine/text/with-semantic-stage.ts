import type { PhraseHit } from './phrase-hit.js';
import type { PhraseIndex, TextAnalysis } from './phrase-index.js';
import type { SemanticIndex } from './semantic-index.js';

/** How a semantic hit records the way it matched. */
export const SEMANTIC_METHOD = 'semantic';

/**
 * A phrase index with a second stage: when no pattern of a rule matched, the nearest of the rule's exemplars (its own
 * examples and patterns, expanded) may still flag a paraphrase, if it is close enough and closer than any polite
 * exemplar. The hit's pattern is the exemplar and its confidence the similarity, so the finding says "close to: 不关我
 * 的事, similarity 0.83". Patterns always win: the stage only adds, never removes.
 */
export function withSemanticStage(phrases: PhraseIndex, semantic: SemanticIndex): PhraseIndex {
  return {
    ...phrases,
    variantsOf: (key) => phrases.variantsOf(key),
    analyze(text: string): TextAnalysis {
      const analysis = phrases.analyze(text);
      const found = semantic.nearest(text);
      if (!found || analysis.hits.some((h) => h.role === 'match' && h.ruleId === found.ruleId)) return analysis;
      const hit: PhraseHit = {
        key: `${found.ruleId}#semantic`,
        ruleId: found.ruleId,
        role: 'match',
        pattern: found.exemplar,
        start: found.start,
        end: found.end,
        method: SEMANTIC_METHOD,
        confidence: found.similarity,
      };
      return { ...analysis, hits: [...analysis.hits, hit] };
    },
  };
}
