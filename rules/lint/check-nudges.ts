import type { LoadedRule } from '../compiler/load-pack.js';
import { PACK_PROBLEM_CODES, type PackProblem } from '../compiler/pack-problem.js';
import { positionInScalar } from '../compiler/yaml-source.js';
import { NUDGE_PLACEHOLDERS } from '../kinds/rule-kind.js';
import { ruleKind } from '../kinds/rule-kinds.js';

export { NUDGE_PLACEHOLDERS };


/** Unknown placeholders in nudge text (errors), and placeholders this rule's kind or fields leave empty (warnings). */
export function checkNudges(rules: readonly LoadedRule[]): PackProblem[] {
  const problems: PackProblem[] = [];
  for (const { rule, origin } of rules) {
    if (!rule.enabled || rule.nudge === undefined) continue;
    const path = [...origin.path, 'nudge'];
    for (const m of rule.nudge.matchAll(/\{([^{}]*)\}/g)) {
      const name = m[1] ?? '';
      const at = { file: origin.source.file, ...positionInScalar(origin.source, path, m.index), ruleId: rule.id };
      const filled: readonly string[] = ruleKind(rule.kind).placeholders;
      if (!(NUDGE_PLACEHOLDERS as readonly string[]).includes(name)) {
        problems.push({ ...at, code: PACK_PROBLEM_CODES.PLACEHOLDER, severity: 'error', message: `unknown placeholder {${name}} in the nudge: agents would see it as written; use ${NUDGE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}` });
      } else if (!filled.includes(name)) {
        problems.push({
          ...at,
          code: PACK_PROBLEM_CODES.PLACEHOLDER,
          severity: 'warning',
          message: `{${name}} is never filled for a ${rule.kind} rule, so agents would see it as written; ${rule.kind} rules fill ${filled.map((p) => `{${p}}`).join(' ') || 'no placeholders'}`,
        });
      } else if (name === 'suggest' && rule.suggest === undefined) {
        problems.push({ ...at, code: PACK_PROBLEM_CODES.PLACEHOLDER, severity: 'warning', message: 'the nudge uses {suggest} but the rule has no `suggest:`; add the better phrasing' });
      }
    }
  }
  return problems;
}
