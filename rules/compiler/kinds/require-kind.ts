import { EXCUSED_BY_ROLE, groupRole, REQUIRE_TRIGGER_ROLE, type RequireParams, type RequireWindow, type Speaker } from '../../../engine/index.js';

const SPEAKERS: Record<'agent' | 'customer' | 'any', readonly Speaker[]> = { agent: ['agent'], customer: ['customer'], any: ['agent', 'customer', 'unknown'] };
import type { requireRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: require — each group's patterns under the role `group:<name>`. */
export const compileRequireRule: KindCompiler<z.infer<typeof requireRuleSchema>, RequireParams> = (rule, context) => {
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
  return {
    params: {
      window,
      groups: groups.map(([name, g]) => ({ name, label: g.label })),
      ...(rule.atLeast !== undefined ? { atLeast: rule.atLeast } : {}),
      ...(rule.excusedBy ? { excusable: true } : {}),
    },
    entries: [...groups.flatMap(([name, g]) => patternEntries(rule.id, groupRole(name), g.match, ['groups', name, 'match'], fuzzyFor(g.fuzzy, context))), ...triggers, ...excuses],
  };
};
