import { checkRegexSafety } from '../compiler/check-regex-safety.js';
import type { ImportNote, ImportOptions, ImportResult } from './import-note.js';
import { literalPattern } from './literal-pattern.js';
import { parseScaLambda, type Lambda } from './sca-lambda.js';
import { scaDocumentSchema, type ScaCondition, type ScaOperator, type ScaRule } from './sca-document.js';

type Role = 'agent' | 'customer' | 'any';
type Fuzzy = { sounds: boolean; edits: number; minLength: number };

/** What one text operator matches: patterns (or regexes), what makes a match innocent, how fuzzily. */
interface TextSpec {
  readonly match?: string[];
  readonly regex?: string[];
  readonly except?: string[];
  readonly fuzzy?: Fuzzy;
}

/** A condition as far as it maps: text to look for (and where), a speech check that is a rule of its own, or nothing. */
type MappedCondition =
  | { kind: 'text'; role: Role; specs: TextSpec[]; noneOf: boolean; condition: ScaCondition }
  | { kind: 'speech'; rule: Record<string, unknown> }
  | { kind: 'unmapped' };

const ROLES: Record<string, Role> = { 客服: 'agent', 坐席: 'agent', 客户: 'customer' };

/**
 * Converts Alibaba Cloud SCA (智能对话分析) rules — the `{conditions, rules}` JSON of UploadRule / GetRuleDetail — into
 * a callcoach pack. Keyword (HIT_ANY_KEYWORDS, INCLUDE_KEYWORDS), regex (REGULAR_EXPRESSION) and similar-phrase
 * (SIMILAR_MATCH) conditions become phrase rules, or require rules when the rule asks for their absence (`!cid`, or
 * "contains none"), with the sentence range as the window (first N, last N, or after an anchor condition); speech
 * checks become pace (SPEECH_SPEED_CHECK, 语速), silence (INTERVAL_GREATER, 静音) and interruption (INTERRUPTED, 抢话)
 * rules with their limits and roles. Everything else is reported, never silently dropped.
 */
export function importScaRules(raw: unknown, options: ImportOptions): ImportResult {
  const parsed = scaDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${options.file}: not an SCA rule configuration: ${issue?.path.join('.') || 'document'}: ${issue?.message}`);
  }
  const doc = parsed.data;
  const notes: ImportNote[] = [];
  const conditions = new Map(doc.conditions.map((c) => [c.cid, c]));
  const rules: Array<Record<string, unknown>> = [];
  for (const rule of doc.rules) {
    const where = `rule ${rule.rid}${rule.name ? ` "${rule.name}"` : ''}`;
    const note = (construct: string, outcome: ImportNote['outcome'], detail: string, at = where) => notes.push({ where: at, construct, outcome, detail });
    if (rule.status === 0) note('status 0 (disabled)', 'approximated', 'imported with enabled: false');
    let logic: Lambda;
    try {
      logic = parseScaLambda(rule.lambda);
    } catch (err) {
      note(`lambda "${rule.lambda}"`, 'unmapped', (err as Error).message);
      continue;
    }
    const made: Array<Record<string, unknown>> = [];
    for (const term of logic.kind === 'or' ? logic.of : [logic]) {
      made.push(...termRules(term, rule, conditions, where, note));
    }
    made.forEach((r, i) => rules.push({ id: made.length > 1 ? `sca.${rule.rid}.${i + 1}` : `sca.${rule.rid}`, ...r, ...(rule.status === 0 ? { enabled: false } : {}) }));
  }
  return {
    pack: { id: options.packId, version: '1.0.0', language: options.language, description: `Imported from Alibaba Cloud SCA rules (${options.file}) by callcoach rules import`, source: options.file, rules },
    notes,
  };
}

type Note = (construct: string, outcome: ImportNote['outcome'], detail: string, at?: string) => void;

/** The callcoach rules for one disjunct of a rule's lambda (empty when it cannot be mapped; the note says why). */
function termRules(term: Lambda, rule: ScaRule, conditions: Map<string, ScaCondition>, where: string, note: Note): Array<Record<string, unknown>> {
  const condition = (ref: Lambda) => (ref.kind === 'ref' ? mapCondition(conditions.get(ref.id), ref.id, where, note) : undefined);
  const described = { description: rule.name || `SCA rule ${rule.rid}` };
  if (term.kind === 'ref' || (term.kind === 'not' && term.of.kind === 'ref')) {
    const negated = term.kind === 'not';
    const mapped = condition(negated ? (term as { of: Lambda }).of : term);
    if (!mapped || mapped.kind === 'unmapped') return [];
    if (mapped.kind === 'speech') {
      if (!negated) return [{ ...described, ...mapped.rule }];
      note('a negated speech check', 'unmapped', 'callcoach flags speech that breaks a limit, not its absence');
      return [];
    }
    return mapped.noneOf !== negated ? requireRules(mapped, rule, conditions, where, note, described) : phraseRules(mapped, where, note, described);
  }
  if (term.kind === 'and') {
    // One thing said, unless other things are said: a phrase rule whose except holds the others (per utterance).
    const parts = term.of.map((t) => ({ negated: t.kind === 'not', mapped: condition(t.kind === 'not' ? t.of : t) }));
    const positive = parts.filter((p) => !p.negated && p.mapped?.kind === 'text' && !p.mapped.noneOf);
    const exceptions = parts.filter((p) => p.negated && p.mapped?.kind === 'text' && !p.mapped.noneOf);
    if (positive.length === 1 && exceptions.length === parts.length - 1) {
      const main = positive[0]?.mapped as Extract<MappedCondition, { kind: 'text' }>;
      const except = exceptions.flatMap((p) => ((p.mapped as Extract<MappedCondition, { kind: 'text' }>).specs.flatMap((s) => s.match ?? [])));
      note(`lambda "${rule.lambda}"`, 'approximated', 'the negated conditions became except patterns: they excuse a match in the same utterance, not anywhere in the call');
      return phraseRules({ ...main, specs: main.specs.map((s) => ({ ...s, except: [...(s.except ?? []), ...except] })) }, where, note, described);
    }
  }
  note(`lambda term of "${rule.lambda}"`, 'unmapped', 'only a condition, its negation, or one condition without others maps onto callcoach rules');
  return [];
}

/** A condition's operators and range, mapped; notes for what does not map. */
function mapCondition(condition: ScaCondition | undefined, cid: string, ruleWhere: string, note: Note): MappedCondition {
  const where = `${ruleWhere} condition ${cid}`;
  if (!condition) {
    note(`condition ${cid}`, 'unmapped', 'the rule refers to a condition the file does not define', where);
    return { kind: 'unmapped' };
  }
  const roleName = condition.check_range.role;
  const role = roleName === undefined ? 'any' : ROLES[roleName];
  if (!role) {
    note(`check_range.role "${roleName}"`, 'unmapped', 'roles are 客服 (agent) or 客户 (customer)', where);
    return { kind: 'unmapped' };
  }
  const byId = new Map(condition.operators.map((o) => [o.oid, o]));
  let logic: Lambda;
  try {
    logic = parseScaLambda(condition.lambda ?? condition.operators.map((o) => o.oid).join('&&'));
  } catch (err) {
    note(`lambda "${condition.lambda}"`, 'unmapped', (err as Error).message, where);
    return { kind: 'unmapped' };
  }
  const refs = logic.kind === 'ref' ? [logic] : logic.kind === 'or' && logic.of.every((t) => t.kind === 'ref') ? logic.of : undefined;
  if (!refs) {
    note(`operator lambda "${condition.lambda ?? ''}"`, 'unmapped', 'operators joined by && or negated with ! within one condition have no callcoach equivalent', where);
    return { kind: 'unmapped' };
  }
  const specs: TextSpec[] = [];
  let noneOf = false;
  for (const ref of refs as ReadonlyArray<{ readonly id: string }>) {
    const operator = byId.get(ref.id);
    const at = `${where} operator ${ref.id}`;
    if (!operator) {
      note(`operator ${ref.id}`, 'unmapped', 'the lambda refers to an operator the condition does not define', at);
      return { kind: 'unmapped' };
    }
    const mapped = mapOperator(operator, role, at, note);
    if (mapped === undefined) return { kind: 'unmapped' };
    if ('rule' in mapped) {
      if (refs.length > 1) {
        note(`${operator.type} among other operators`, 'unmapped', 'a speech check joined with other operators', at);
        return { kind: 'unmapped' };
      }
      return { kind: 'speech', rule: mapped.rule };
    }
    if (mapped.noneOf) noneOf = true;
    specs.push(mapped.spec);
  }
  if (noneOf && refs.length > 1) {
    note('"contains none" among other operators', 'unmapped', 'joined with || it has no callcoach equivalent', where);
    return { kind: 'unmapped' };
  }
  return { kind: 'text', role, specs, noneOf, condition };
}

/** One operator: a text spec, a speech rule, or undefined (noted). */
function mapOperator(op: ScaOperator, role: Role, where: string, note: Note): { spec: TextSpec; noneOf: boolean } | { rule: Record<string, unknown> } | undefined {
  const p = op.param;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim().length > 0) : []);
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined);
  const speaker = (r: Role) => (r === 'any' ? 'agent' : r);
  if (role === 'any' && ['SPEECH_SPEED_CHECK', 'INTERRUPTED', 'INTERRUPT_CHECK'].includes(op.type)) note(`${op.type} without a role`, 'approximated', 'checked on the agent (callcoach measures one speaker per rule)', where);
  switch (op.type) {
    case 'HIT_ANY_KEYWORDS':
    case 'INCLUDE_KEYWORDS': {
      const keywords = strings(p.keywords);
      if (keywords.length === 0) return void note(op.type, 'unmapped', 'no keywords', where);
      const size = num(p.keywordMatchSize) ?? (op.type === 'HIT_ANY_KEYWORDS' ? 1 : -1);
      if ((num(p.threshold) ?? 1) > 1) note(`threshold ${p.threshold}`, 'approximated', 'a single hit is flagged (callcoach does not count total keyword hits)', where);
      if (size === 1 || keywords.length === 1) return { spec: { match: keywords.map(literalPattern) }, noneOf: false };
      if (size === 0) return { spec: { match: keywords.map(literalPattern) }, noneOf: true };
      if ((size === -1 || size === keywords.length) && keywords.length <= 3 && p.in_sentence !== false) {
        note(`${op.type} (all of ${keywords.length})`, 'approximated', 'all keywords in one utterance, in any order, at most 20 characters or words apart', where);
        return { spec: { match: permutations(keywords.map(literalPattern)).map((order) => order.join('…{20}')) }, noneOf: false };
      }
      return void note(`${op.type} (${size === -1 ? 'all' : `any ${size}`} of ${keywords.length})`, 'unmapped', 'callcoach matches any one pattern, or up to three words together in one utterance', where);
    }
    case 'REGULAR_EXPRESSION': {
      const source = typeof p.regex === 'string' ? p.regex.replace(/^\.\*/, '').replace(/\.\*$/, '') : '';
      const problem = regexProblem(source);
      if (problem) return void note(`REGULAR_EXPRESSION /${String(p.regex ?? '')}/`, 'unmapped', problem, where);
      const spec: { regex: string[]; except?: string[] } = { regex: [source] };
      if (typeof p.notRegex === 'string' && p.notRegex) {
        if (/^[^\\^$.*+?()[\]{}]+$/.test(p.notRegex)) spec.except = p.notRegex.split('|').filter(Boolean).map(literalPattern);
        else note(`notRegex /${p.notRegex}/`, 'unmapped', 'only an exclusion of plain alternatives (a|b) becomes except patterns; the rule may flag more than in SCA', where);
      }
      return { spec, noneOf: false };
    }
    case 'SIMILAR_MATCH': {
      const sentences = strings(p.similarlySentences);
      if (sentences.length === 0) return void note(op.type, 'unmapped', 'no similarlySentences', where);
      const score = num(p.score) ?? 80;
      const edits = score >= 90 ? 1 : score >= 75 ? 2 : 3;
      note(`SIMILAR_MATCH score ${score}`, 'approximated', `semantic similarity became fuzzy matching (sounds-alike, ${edits} edit(s)); review the examples`, where);
      return { spec: { match: sentences.map(literalPattern), fuzzy: { sounds: true, edits, minLength: 4 } }, noneOf: false };
    }
    case 'SPEECH_SPEED_CHECK': {
      const limit = num(p.velocityInMint) ?? num(p.velocity);
      if (!limit || limit <= 0) return void note(op.type, 'unmapped', 'no velocityInMint', where);
      const slow = p.compareOperator === 'lt';
      if (p.average === true) note('SPEECH_SPEED_CHECK average', 'approximated', 'callcoach measures the rate over stretches of continuous talk (40 s), not the whole-call average', where);
      return { rule: { category: slow ? 'pace_slow' : 'pace_fast', kind: 'pace', speaker: speaker(role), mode: slow ? 'slow' : 'fast', limit } };
    }
    case 'INTERVAL_GREATER': {
      const interval = num(p.interval);
      if (!interval || interval <= 0 || p.compareOperator === 'lt') return void note(`INTERVAL_GREATER${p.compareOperator === 'lt' ? ' (lt)' : ''}`, 'unmapped', 'only "silence longer than N ms" maps (a silence rule)', where);
      if (interval < 1_000) note(`INTERVAL_GREATER ${interval} ms`, 'approximated', 'raised to 1000 ms, the shortest dead air callcoach checks', where);
      if (p.different_role === true || role !== 'any') note('INTERVAL_GREATER roles', 'approximated', 'callcoach counts silence from anyone, not between particular roles', where);
      return { rule: { category: 'dead_air', kind: 'silence', afterMs: Math.max(1_000, Math.round(interval)) } };
    }
    case 'INTERRUPTED':
    case 'INTERRUPT_CHECK': {
      const delay = num(p.delayTime) ?? num(p.interval);
      const by = speaker(role);
      return { rule: { category: 'interruption', kind: 'interruption', speaker: by, over: by === 'agent' ? 'customer' : 'agent', minOverlapMs: Math.max(1, Math.round(delay ?? 1_200)) } };
    }
    default:
      return void note(op.type, 'unmapped', 'no callcoach detector does this check', where);
  }
}

function phraseRules(mapped: Extract<MappedCondition, { kind: 'text' }>, where: string, note: Note, described: object): Array<Record<string, unknown>> {
  const { condition } = mapped;
  if (condition.check_range.anchor) {
    note('check_range.anchor on a phrase', 'unmapped', 'callcoach flags a phrase anywhere; an anchored phrase would be flagged too often', `${where} condition ${condition.cid}`);
    return [];
  }
  if (condition.check_range.range) note(`check_range.range ${JSON.stringify(condition.check_range.range)}`, 'approximated', 'the phrase is flagged in any sentence, not only in the range', `${where} condition ${condition.cid}`);
  // Operators that match the same way share one rule.
  const groups = new Map<string, { match: string[]; regex: string[]; except: string[]; fuzzy?: Fuzzy }>();
  for (const spec of mapped.specs) {
    const key = JSON.stringify(spec.fuzzy ?? false);
    const group = groups.get(key) ?? { match: [], regex: [], except: [], ...(spec.fuzzy ? { fuzzy: spec.fuzzy } : {}) };
    group.match.push(...(spec.match ?? []));
    group.regex.push(...(spec.regex ?? []));
    group.except.push(...(spec.except ?? []));
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    ...described,
    // What the customer says is something to notice (a card, an alert), not the agent's violation.
    category: mapped.role === 'customer' ? 'coaching' : 'forbidden_phrase',
    kind: 'phrase',
    speaker: mapped.role,
    ...(g.match.length ? { match: [...new Set(g.match)] } : {}),
    ...(g.regex.length ? { regex: [...new Set(g.regex)] } : {}),
    ...(g.except.length ? { except: [...new Set(g.except)] } : {}),
    fuzzy: g.fuzzy ?? false,
  }));
}

function requireRules(mapped: Extract<MappedCondition, { kind: 'text' }>, rule: ScaRule, conditions: Map<string, ScaCondition>, where: string, note: Note, described: object): Array<Record<string, unknown>> {
  const { condition } = mapped;
  const at = `${where} condition ${condition.cid}`;
  if (mapped.specs.some((s) => s.regex)) {
    note('a required regular expression', 'unmapped', 'require rules take patterns, not regexes', at);
    return [];
  }
  const range = condition.check_range.range;
  const anchor = condition.check_range.anchor;
  let window: Record<string, unknown>;
  let category = 'coaching';
  if (anchor) {
    const trigger = mapCondition(conditions.get(anchor.cid), anchor.cid, where, note);
    if (anchor.location !== 'AFTER' || trigger.kind !== 'text' || trigger.noneOf || trigger.specs.some((s) => s.regex)) {
      note(`check_range.anchor ${anchor.location} condition ${anchor.cid}`, 'unmapped', 'only an anchor that is a phrase, with the check AFTER it, maps (require after: say)', at);
      return [];
    }
    const turns = Math.min(20, Math.max(1, range?.to ?? 1));
    window = { after: { say: trigger.specs.flatMap((s) => s.match ?? []), speaker: trigger.role }, withinTurns: turns };
  } else if (!range) window = { wholeCall: true };
  else if (range.from >= 1 && range.to >= range.from) {
    if (range.from > 1) note(`check_range.range ${JSON.stringify(range)}`, 'approximated', `checked in the first ${range.to} turns (callcoach windows start at the first turn)`, at);
    window = { firstTurns: Math.min(20, range.to) };
    category = 'greeting_missing';
  } else if (range.from < 0 && range.to === -1) {
    window = { lastTurns: Math.min(20, -range.from) };
    category = 'closing_missing';
  } else {
    note(`check_range.range ${JSON.stringify(range)}`, 'unmapped', 'windows are the first N turns, the last N turns, or the whole call', at);
    return [];
  }
  const fuzzy = mapped.specs.find((s) => s.fuzzy)?.fuzzy;
  return [
    {
      ...described,
      category,
      kind: 'require',
      speaker: mapped.role,
      window,
      groups: { said: { label: rule.name || `SCA rule ${rule.rid}`, match: [...new Set(mapped.specs.flatMap((s) => s.match ?? []))], ...(fuzzy ? { fuzzy } : {}) } },
    },
  ];
}

/** Why a regex from SCA cannot run in a pack (JavaScript syntax, no catastrophic backtracking), if it cannot. */
function regexProblem(source: string): string | undefined {
  if (!source) return 'empty regex';
  try {
    new RegExp(source, 'u');
  } catch {
    return 'not valid JavaScript regex syntax';
  }
  const verdict = checkRegexSafety(source);
  return verdict.safe ? undefined : `refused by the pack compiler's backtracking check (${verdict.reason})`;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
