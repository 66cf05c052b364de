import { EXCUSED_BY_ROLE, type HangupParams } from '../../../engine/index.js';
import type { hangupRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: hangup — who must not end the call, and the lines after which the agent may (under `excused-by`). */
export const compileHangupRule: KindCompiler<z.infer<typeof hangupRuleSchema>, HangupParams> = (rule, context) => ({
  params: { endedBy: rule.endedBy, ...(rule.excusedBy ? { excuseLastTurns: rule.excusedBy.withinLastTurns } : {}) },
  entries: rule.excusedBy ? patternEntries(rule.id, EXCUSED_BY_ROLE, rule.excusedBy.match, ['excusedBy', 'match'], fuzzyFor(undefined, context)) : [],
});
