import { foldForCounting, type PaceParams } from '../../../engine/index.js';
import type { paceRuleSchema } from '../../schema/pack-schema.js';
import type { KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: pace — no patterns; fillers folded as the counter folds transcripts, longest first so 那个 is tried before 那. */
export const compilePaceRule: KindCompiler<z.infer<typeof paceRuleSchema>, PaceParams> = (rule) => ({
  params: {
    mode: rule.mode,
    limit: rule.limit,
    windowMs: rule.windowMs,
    maxGapMs: rule.maxGapMs,
    hysteresis: rule.hysteresis,
    fillers: [...new Set(rule.fillers.map((f) => foldForCounting(f).trim()).filter((f) => f !== ''))].sort((a, b) => b.length - a.length),
    minOtherSpeechMs: rule.minOtherSpeechMs,
  },
  entries: [],
});
