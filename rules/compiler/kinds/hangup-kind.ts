import type { HangupParams } from '../../../engine/index.js';
import type { hangupRuleSchema } from '../../schema/pack-schema.js';
import type { KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: hangup — no patterns, just who must not end the call. */
export const compileHangupRule: KindCompiler<z.infer<typeof hangupRuleSchema>, HangupParams> = (rule) => ({
  params: { endedBy: rule.endedBy },
  entries: [],
});
