import { z } from 'zod';
import { EXCUSED_BY_ROLE, type HangupParams } from '../../engine/index.js';
import { defineRuleKind, fuzzyFor, patternEntries } from './rule-kind.js';
import { commonRuleFields, patterns } from './schema-parts.js';

/** kind: hangup — who must not release the call first. */
export const hangupRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('hangup'),
  endedBy: z.array(z.enum(['agent', 'customer', 'system', 'unknown'])).min(1).default(['agent']),
  excusedBy: z
    .strictObject({
      match: patterns.describe("lines that make releasing the call compliant: a ladder's closing line, the warning before ending an abusive call, 对不起，我挂线了"),
      withinLastTurns: z.number().int().min(1).max(10).default(2).describe("said in the agent's last N turns"),
    })
    .optional()
    .describe('compliant endings: the agent may release the call after saying one of these'),
});

/** Who must not end the call, and the lines after which the agent may (under `excused-by`). */
export const hangupKind = defineRuleKind({
  name: 'hangup',
  schema: hangupRuleSchema,
  compile: (rule, context) => ({
    params: { endedBy: rule.endedBy, ...(rule.excusedBy ? { excuseLastTurns: rule.excusedBy.withinLastTurns } : {}) } satisfies HangupParams,
    entries: rule.excusedBy ? patternEntries(rule.id, EXCUSED_BY_ROLE, rule.excusedBy.match, ['excusedBy', 'match'], fuzzyFor(undefined, context)) : [],
  }),
  explain: (rule) => [
    `flags when the call is released by: ${rule.params.endedBy.join(', ')}${rule.params.excuseLastTurns !== undefined ? `; not if the agent said an excusedBy line in their last ${rule.params.excuseLastTurns} turn(s)` : ''}`,
  ],
  placeholders: ['suggest'],
  // The category's own text says it ("let the customer hang up first"); a pack need not restate it.
  showsNudge: false,
  nestedKeys: { excusedBy: ['match', 'withinLastTurns'] },
});
