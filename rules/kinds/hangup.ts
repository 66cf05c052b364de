import { z } from 'zod';
import type { HangupParams } from '../../engine/index.js';
import { defineRuleKind } from './rule-kind.js';
import { commonRuleFields } from './schema-parts.js';

/** kind: hangup — who must not release the call first. */
export const hangupRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('hangup'),
  endedBy: z.array(z.enum(['agent', 'customer', 'system', 'unknown'])).min(1).default(['agent']),
});

/** No patterns, just who must not end the call. */
export const hangupKind = defineRuleKind({
  name: 'hangup',
  schema: hangupRuleSchema,
  compile: (rule) => ({ params: { endedBy: rule.endedBy } satisfies HangupParams, entries: [] }),
  explain: (rule) => [`flags when the call is released by: ${rule.params.endedBy.join(', ')}`],
  placeholders: ['suggest'],
  // The category's own text says it ("let the customer hang up first"); a pack need not restate it.
  showsNudge: false,
});
