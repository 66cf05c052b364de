import { groupRole, type RequireParams } from '../../../engine/index.js';
import type { requireRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: require — each group's patterns under the role `group:<name>`. */
export const compileRequireRule: KindCompiler<z.infer<typeof requireRuleSchema>, RequireParams> = (rule, context) => {
  const groups = Object.entries(rule.groups);
  const window = 'firstTurns' in rule.window ? { kind: 'firstTurns' as const, turns: rule.window.firstTurns } : { kind: 'lastTurns' as const, turns: rule.window.lastTurns };
  return {
    params: { window, groups: groups.map(([name, g]) => ({ name, label: g.label })) },
    entries: groups.flatMap(([name, g]) => patternEntries(rule.id, groupRole(name), g.match, ['groups', name, 'match'], fuzzyFor(g.fuzzy, context))),
  };
};
