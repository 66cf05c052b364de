import type { CompiledPack } from '../../engine/index.js';
import type { LoadedRule } from '../compiler/load-pack.js';
import { PACK_PROBLEM_CODES, type PackProblem } from '../compiler/pack-problem.js';
import { positionOf } from '../compiler/yaml-source.js';
import { runRuleExamples } from '../testing/run-rule-examples.js';

// Kinds whose rules look at words, so examples (utterances) can show what they flag.
const TEXT_KINDS = new Set(['phrase', 'require']);

/** Runs every example through the engine: one that contradicts its rule is an error at the example's line. */
export function checkExamples(pack: CompiledPack, rules: readonly LoadedRule[]): PackProblem[] {
  const byId = new Map(rules.map((r) => [r.rule.id, r]));
  const problems: PackProblem[] = [];
  for (const result of runRuleExamples(
    pack,
    rules.map((r) => r.rule),
  )) {
    if (result.passed) continue;
    const loaded = byId.get(result.ruleId);
    if (!loaded) continue;
    problems.push({
      code: PACK_PROBLEM_CODES.EXAMPLE_FAILED,
      severity: 'error',
      file: loaded.origin.source.file,
      ...positionOf(loaded.origin.source, [...loaded.origin.path, 'examples', result.expect, result.index]),
      ruleId: result.ruleId,
      message:
        result.expect === 'hit'
          ? `this example should be flagged (examples.hit) but the rule does not flag it: widen a pattern, or move the example to miss`
          : `this example should not be flagged (examples.miss) but the rule flags it (${result.detail}): add an except context, or move it to hit`,
    });
  }
  for (const { rule, origin } of rules) {
    // A window opened by a trigger cannot be shown by one utterance: such rules are tested with fixture calls instead.
    const triggered = rule.kind === 'require' && 'after' in rule.window;
    if (!rule.enabled || !TEXT_KINDS.has(rule.kind) || triggered || rule.examples?.hit.length || rule.examples?.miss.length) continue;
    problems.push({
      code: PACK_PROBLEM_CODES.EXAMPLE_MISSING,
      severity: 'warning',
      file: origin.source.file,
      ...positionOf(origin.source, [...origin.path, 'id']),
      ruleId: rule.id,
      message: 'no examples: add `examples: { hit: [...], miss: [...] }` so `callcoach rules test` can show what the rule flags and what it spares',
    });
  }
  return problems;
}
