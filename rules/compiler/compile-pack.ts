import {
  ALLOW_ROLE,
  ANY_RULE,
  compilePhraseIndex,
  compileSemanticIndex,
  PhraseCompileError,
  withSemanticStage,
  textLanguageOf,
  type CompiledPack,
  type CompiledRule,
  type PhraseEntry,
  type Speaker,
} from '../../engine/index.js';
import type { RuleDocument } from '../kinds/rule-kinds.js';
import type { KindContext } from '../kinds/rule-kind.js';
import { compileKind, ruleKind } from '../kinds/rule-kinds.js';
import type { LoadedPack, Origin } from './load-pack.js';
import { PACK_PROBLEM_CODES, PackError, type PackProblem } from './pack-problem.js';
import { checkRuleShapes } from './check-rule-shapes.js';
import { compileScorecard } from './compile-scorecard.js';
import { semanticExemplars } from './semantic-exemplars.js';
import { positionInScalar, positionOf, type YamlPath } from './yaml-source.js';

/** A compiled pack plus what compiling it warned about. */
export interface CompileResult {
  readonly pack: CompiledPack;
  readonly warnings: readonly PackProblem[];
}

const SPEAKERS: Record<RuleDocument['speaker'], readonly Speaker[]> = {
  agent: ['agent'],
  customer: ['customer'],
  any: ['agent', 'customer', 'unknown'],
};

/** Compiles a loaded pack into the frozen form the engine runs. Throws PackError pointing at the offending line. */
export function compilePack(loaded: LoadedPack): CompileResult {
  const language = textLanguageOf(loaded.header.language);
  const defaults = loaded.header.defaults;
  const context: KindContext = { defaultFuzzy: defaults?.fuzzy === false || defaults?.fuzzy === undefined ? undefined : defaults.fuzzy };
  const rules: CompiledRule[] = [];
  const entries: PhraseEntry[] = [];
  const entryOrigins = new Map<string, { origin: Origin; path: YamlPath }>();
  const warnings: PackProblem[] = [];

  const shapeProblems = checkRuleShapes(loaded);
  if (shapeProblems.length > 0) throw new PackError(shapeProblems);
  const scorecard = compileScorecard(loaded);
  if (scorecard.problems.some((p) => p.severity === 'error')) throw new PackError(scorecard.problems);
  warnings.push(...scorecard.problems);

  for (const { rule, origin } of loaded.rules) {
    if (!rule.enabled) continue;
    const compiled = compileKind(rule, context);
    for (const located of compiled.entries) {
      entries.push(located.entry);
      entryOrigins.set(located.entry.key, { origin, path: [...origin.path, ...located.pathInRule] });
    }
    rules.push(
      Object.freeze({
        id: rule.id,
        category: rule.category,
        severity: defaults?.severity !== undefined && rule.severity === 'warn' ? defaults.severity : rule.severity,
        kind: rule.kind,
        speakers: SPEAKERS[rule.speaker],
        ...(rule.nudge !== undefined ? { nudge: rule.nudge } : {}),
        ...(rule.suggest !== undefined ? { suggest: rule.suggest } : {}),
        ...(rule.cites !== undefined ? { cites: rule.cites } : {}),
        ...((rule.cooldownMs ?? defaults?.cooldownMs) !== undefined ? { cooldownMs: rule.cooldownMs ?? defaults?.cooldownMs } : {}),
        params: Object.freeze(compiled.params),
      }) as CompiledRule,
    );
    if (rule.nudge === undefined && ruleKind(rule.kind).showsNudge) {
      warnings.push({
        code: PACK_PROBLEM_CODES.NUDGE_MISSING,
        severity: 'warning',
        file: origin.source.file,
        ...positionOf(origin.source, [...origin.path, 'id']),
        ruleId: rule.id,
        message: 'no nudge text: agents will see the generic text for its category; add `nudge:` to say what to do instead',
      });
    }
  }
  loaded.allow.forEach(({ pattern, origin }, i) => {
    // Allow terms match by sound like the rules they guard (the engine never lets them spend edits).
    const entry: PhraseEntry = { key: `${ANY_RULE}#${ALLOW_ROLE}#${i}`, ruleId: ANY_RULE, role: ALLOW_ROLE, pattern, ...(context.defaultFuzzy ? { fuzzy: context.defaultFuzzy } : {}) };
    entries.push(entry);
    entryOrigins.set(entry.key, { origin, path: origin.path });
  });

  const lexicons = new Map([...loaded.lexicons].map(([name, { terms }]) => [name, terms]));
  let phrases;
  try {
    phrases = compilePhraseIndex(entries, language, lexicons);
  } catch (err) {
    if (!(err instanceof PhraseCompileError)) throw err;
    const where = entryOrigins.get(err.entry.key);
    const file = where?.origin.source.file ?? loaded.file;
    const pos = where ? positionInScalar(where.origin.source, where.path, err.column) : { line: 1, column: 1 };
    throw new PackError([
      {
        code: err.message.includes('never match') ? PACK_PROBLEM_CODES.NEVER_MATCHES : PACK_PROBLEM_CODES.PATTERN,
        severity: 'error',
        file,
        ...pos,
        ...(err.entry.ruleId !== ANY_RULE ? { ruleId: err.entry.ruleId } : {}),
        message: `pattern ${JSON.stringify(err.entry.pattern)}: ${err.message}`,
      },
    ]);
  }

  // The optional paraphrase stage, built from the pack's own examples and patterns (nothing from outside the pack).
  const semantic = loaded.header.semantic;
  if (semantic) phrases = withSemanticStage(phrases, compileSemanticIndex(semanticExemplars(loaded), language, semantic));

  const pack: CompiledPack = Object.freeze({
    id: loaded.header.id,
    version: loaded.header.version,
    language: loaded.header.language,
    ...(loaded.header.description !== undefined ? { description: loaded.header.description } : {}),
    ...(loaded.header.alerts !== undefined ? { alerts: Object.freeze(loaded.header.alerts.map((a) => Object.freeze({ ...a }))) } : {}),
    ...(loaded.header.privacy !== undefined ? { privacy: Object.freeze({ ...loaded.header.privacy }) } : {}),
    ...(scorecard.scorecard ? { scorecard: scorecard.scorecard } : {}),
    rules: Object.freeze(rules),
    phrases,
  });
  return { pack, warnings };
}

export { compileKind };
