import { bareText, type InterruptionParams } from '../../../engine/index.js';
import type { interruptionRuleSchema } from '../../schema/pack-schema.js';
import type { KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: interruption — no patterns; backchannels reduced to bare text, as utterances are before comparing. */
export const compileInterruptionRule: KindCompiler<z.infer<typeof interruptionRuleSchema>, InterruptionParams> = (rule) => ({
  params: {
    over: [rule.over],
    minOverlapMs: rule.minOverlapMs,
    backchannels: rule.backchannels.map(bareText).filter((b) => b !== ''),
  },
  entries: [],
});
