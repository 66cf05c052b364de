import type { LoadedPack } from './load-pack.js';
import { PACK_PROBLEM_CODES, type PackProblem } from './pack-problem.js';
import { checkRegexSafety } from './check-regex-safety.js';
import { positionInScalar, positionOf } from './yaml-source.js';

/**
 * Checks a loaded pack for what the schema cannot say: a require rule cannot need more groups than it has, a phrase
 * rule needs `match` or `regex`, and every regex must be
 * valid and safe from catastrophic backtracking (checked at compile time, so a pack with a dangerous regex never runs).
 * Returns every problem found, pointing at the regex's line and the column where the trouble starts.
 */
export function checkRuleShapes(loaded: LoadedPack): PackProblem[] {
  const problems: PackProblem[] = [];
  for (const { rule, origin } of loaded.rules) {
    if (rule.kind === 'require' && rule.enabled && rule.atLeast !== undefined && rule.atLeast > Object.keys(rule.groups).length) {
      problems.push({
        code: PACK_PROBLEM_CODES.SCHEMA,
        severity: 'error',
        file: origin.source.file,
        ...positionOf(origin.source, [...origin.path, 'atLeast']),
        ruleId: rule.id,
        message: `atLeast is ${rule.atLeast} but the rule has only ${Object.keys(rule.groups).length} group(s): it could never be satisfied; lower it or add groups`,
      });
    }
    if (rule.kind !== 'phrase' || !rule.enabled) continue;
    const file = origin.source.file;
    if (!rule.match && !rule.regex) {
      problems.push({
        code: PACK_PROBLEM_CODES.SCHEMA,
        severity: 'error',
        file,
        ...positionOf(origin.source, [...origin.path, 'kind']),
        ruleId: rule.id,
        message: 'a phrase rule needs `match:` (patterns) or `regex:` (regular expressions); add the phrases it looks for',
      });
    }
    (rule.regex ?? []).forEach((source, i) => {
      const path = [...origin.path, 'regex', i];
      let syntaxError: string | undefined;
      try {
        new RegExp(source, 'u');
      } catch (err) {
        syntaxError = (err as Error).message.replace(/^Invalid regular expression: /, '');
      }
      if (syntaxError !== undefined) {
        problems.push({ code: PACK_PROBLEM_CODES.PATTERN, severity: 'error', file, ...positionOf(origin.source, path), ruleId: rule.id, message: `invalid regular expression: ${syntaxError}` });
        return;
      }
      const verdict = checkRegexSafety(source);
      if (!verdict.safe) {
        problems.push({
          code: PACK_PROBLEM_CODES.REDOS,
          severity: 'error',
          file,
          ...positionInScalar(origin.source, path, verdict.column),
          ruleId: rule.id,
          message: `regex /${source}/ is ${verdict.reason}`,
        });
      }
    });
  }
  return problems;
}
