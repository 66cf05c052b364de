import { z } from 'zod';
import { EXCUSED_BY_ROLE, groupRole, REQUIRE_TRIGGER_ROLE, type RequireParams, type RequireWindow, type Speaker } from '../../engine/index.js';
import { defineRuleKind, fuzzyFor, patternEntries } from './rule-kind.js';
import { commonRuleFields, fuzzySchema, milliseconds, partName, patterns } from './schema-parts.js';

const requireGroup = z.strictObject({
  label: z.string().min(1).describe('how the nudge and the QA page name this part, e.g. "the offer to help"'),
  match: patterns,
  fuzzy: fuzzySchema.optional(),
});

/** kind: require — phrases that must be said in a window (greeting, closing). */
export const requireRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('require'),
  window: z
    .union([
      z.strictObject({ firstTurns: z.number().int().min(1).max(20).describe("the speaker's first N turns (a greeting)") }),
      z.strictObject({ lastTurns: z.number().int().min(1).max(20).describe("the speaker's last N turns before the call ends (a closing)") }),
      z.strictObject({ firstMs: milliseconds.min(1).describe('what the speaker starts saying in the first N ms of the call') }),
      z.strictObject({ wholeCall: z.literal(true).describe('anywhere before the call ends') }),
      z
        .strictObject({
          after: z
            .union([
              z.literal('hold.ended'),
              z.strictObject({
                say: patterns.describe('what opens the window, e.g. the customer thanking the agent'),
                speaker: z.enum(['agent', 'customer', 'any']).default('customer'),
              }),
            ])
            .describe('what opens a window: the end of a hold, or a phrase'),
          withinTurns: z.number().int().min(1).max(20).optional().describe("the speaker's next N turns after the trigger"),
          withinMs: milliseconds.min(1).optional().describe('N ms after the trigger'),
          minHoldMs: milliseconds.default(0).describe('after hold.ended: only holds at least this long open a window'),
        })
        .refine((w) => w.withinTurns !== undefined || w.withinMs !== undefined, 'give withinTurns or withinMs (or both)'),
    ])
    .describe('where the groups must be said; example: { after: { say: [谢谢] }, withinTurns: 1 }'),
  groups: z.record(partName('group'), requireGroup).refine((g) => Object.keys(g).length > 0, 'give at least one group'),
  atLeast: z.number().int().min(1).optional().describe('how many of the groups must be said (default: all); example: 2 of greeting, identity and offer'),
  excusedBy: patterns.optional().describe("lines that waive the requirement when the window holds one, e.g. a silent-call ladder's closing line for the closing rules"),
});

const SPEAKERS: Record<'agent' | 'customer' | 'any', readonly Speaker[]> = { agent: ['agent'], customer: ['customer'], any: ['agent', 'customer', 'unknown'] };

/** Each group's patterns under the role `group:<name>`; a phrase-opened window's triggers under their own role. */
export const requireKind = defineRuleKind({
  name: 'require',
  schema: requireRuleSchema,
  compile: (rule, context) => {
    const groups = Object.entries(rule.groups);
    const w = rule.window;
    const window: RequireWindow =
      'firstTurns' in w
        ? { kind: 'firstTurns', turns: w.firstTurns }
        : 'lastTurns' in w
          ? { kind: 'lastTurns', turns: w.lastTurns }
          : 'firstMs' in w
            ? { kind: 'firstMs', ms: w.firstMs }
            : 'wholeCall' in w
              ? { kind: 'wholeCall' }
              : {
                  kind: 'after',
                  trigger: w.after === 'hold.ended' ? { event: 'hold.ended', minHoldMs: w.minHoldMs } : { say: true, speaker: SPEAKERS[w.after.speaker] },
                  ...(w.withinTurns !== undefined ? { turns: w.withinTurns } : {}),
                  ...(w.withinMs !== undefined ? { ms: w.withinMs } : {}),
                };
    const triggers = 'after' in w && w.after !== 'hold.ended' ? patternEntries(rule.id, REQUIRE_TRIGGER_ROLE, w.after.say, ['window', 'after', 'say'], context.defaultFuzzy) : [];
    const excuses = rule.excusedBy ? patternEntries(rule.id, EXCUSED_BY_ROLE, rule.excusedBy, ['excusedBy'], context.defaultFuzzy) : [];
    const params: RequireParams = {
      window,
      groups: groups.map(([name, g]) => ({ name, label: g.label })),
      ...(rule.atLeast !== undefined ? { atLeast: rule.atLeast } : {}),
      ...(rule.excusedBy ? { excusable: true } : {}),
    };
    return {
      params,
      entries: [...groups.flatMap(([name, g]) => patternEntries(rule.id, groupRole(name), g.match, ['groups', name, 'match'], fuzzyFor(g.fuzzy, context))), ...triggers, ...excuses],
    };
  },
  explain: (rule) => {
    const w = rule.params.window;
    const who = rule.speakers[0] ?? 'agent';
    const groups = rule.params.groups.map((g) => `${g.name} (${g.label})`);
    const where =
      w.kind === 'firstTurns'
        ? `the first ${w.turns} ${who} turn(s)`
        : w.kind === 'lastTurns'
          ? `the last ${w.turns} ${who} turn(s)`
          : w.kind === 'firstMs'
            ? `what the ${who} starts saying in the first ${w.ms} ms`
            : w.kind === 'wholeCall'
              ? 'the call'
              : `the ${who}'s ${[w.turns !== undefined ? `next ${w.turns} turn(s)` : '', w.ms !== undefined ? `${w.ms} ms` : ''].filter(Boolean).join(' or ')} after ${'event' in w.trigger ? `a hold of at least ${w.trigger.minHoldMs} ms ends` : `the ${w.trigger.speaker.join('/')} says a trigger phrase`}`;
    const need = rule.params.atLeast === undefined ? 'every group' : `at least ${rule.params.atLeast} of the ${groups.length} groups`;
    return [`${need} must be said in ${where}: ${groups.join(', ')}; judged when the window closes or the call ends${rule.params.excusable ? '; waived when the window holds an excusedBy line' : ''}`];
  },
  placeholders: ['observed', 'limit', 'unit', 'phrase', 'suggest'],
  showsNudge: true,
  nestedKeys: { window: ['firstTurns', 'lastTurns', 'firstMs', 'wholeCall', 'after', 'withinTurns', 'withinMs', 'minHoldMs'], after: ['say', 'speaker'] },
});
