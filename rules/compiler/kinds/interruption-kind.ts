import { normalizeText, type InterruptionParams } from '../../../engine/index.js';
import type { interruptionRuleSchema } from '../../schema/pack-schema.js';
import type { KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: interruption — no patterns; backchannels normalised like transcripts. */
export const compileInterruptionRule: KindCompiler<z.infer<typeof interruptionRuleSchema>, InterruptionParams> = (rule, context) => ({
  params: {
    over: [rule.over],
    minOverlapMs: rule.minOverlapMs,
    backchannels: rule.backchannels.map((b) => normalizeText(b, context.language).text).filter((b) => b !== ''),
  },
  entries: [],
});
