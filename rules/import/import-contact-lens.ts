import { z } from 'zod';
import type { ImportNote, ImportOptions, ImportResult } from './import-note.js';
import { literalPattern } from './literal-pattern.js';

const condition: z.ZodType<ContactLensCondition> = z.lazy(() =>
  z.looseObject({
    Operator: z.string(),
    Operands: z.array(z.union([z.string(), z.number(), z.record(z.string(), z.unknown()), condition])).default([]),
    ComparisonValue: z.string().optional(),
    FilterClause: z.looseObject({ LogicOperator: z.string().optional(), Filters: z.array(z.looseObject({ Type: z.string(), Data: z.unknown() })).default([]) }).optional(),
    Negate: z.boolean().default(false),
  }),
);

interface ContactLensCondition {
  Operator: string;
  Operands: Array<string | number | Record<string, unknown> | ContactLensCondition>;
  ComparisonValue?: string | undefined;
  FilterClause?: { LogicOperator?: string | undefined; Filters: Array<{ Type: string; Data: unknown }> } | undefined;
  Negate: boolean;
}

/** The rule function: a version and an AND/OR of conditions (Amazon Connect Rules Function language, 2022-11-25). */
const ruleFunction = z.looseObject({ Version: z.string().optional(), RuleFunction: condition });

/** One rule as DescribeRule returns it; Function is a JSON string there (an object is taken too). */
const rule = z.looseObject({
  Name: z.string().min(1),
  RuleId: z.string().optional(),
  TriggerEventSource: z.looseObject({ EventSourceName: z.string() }).optional(),
  Function: z.union([z.string(), z.record(z.string(), z.unknown())]),
  Actions: z.array(z.looseObject({ ActionType: z.string() })).default([]),
  PublishStatus: z.string().optional(),
});

/** A file of rules: one DescribeRule response ({Rule}), a rule, a list, or {Rules: [...]}. */
const document = z.union([z.looseObject({ Rule: rule }).transform((d) => [d.Rule]), z.looseObject({ Rules: z.array(z.union([rule, z.looseObject({ Rule: rule }).transform((d) => d.Rule)])) }).transform((d) => d.Rules), z.array(rule), rule.transform((r) => [r])]);

const TRANSCRIPT = /^\$\.ContactLens\.(RealTimeCall|PostCall)\.(ExactMatch|SemanticMatch|PatternMatch)\.Transcript$/;
const ROLE: Record<string, string> = { AGENT: 'agent', CUSTOMER: 'customer', ANY: 'any' };

/**
 * Converts Amazon Connect Contact Lens rules (DescribeRule output: a rule's Function in the Rules Function
 * language) into a callcoach pack. Words-or-phrases conditions become phrase rules (Negate: false) or require rules
 * (Negate: true), by participant role, with PostCallContactPeriodSeconds as the window; an OR rule gives one
 * callcoach rule per operand. Semantic match is approximated with fuzzy matching. Queue, agent, attribute,
 * sentiment, non-talk-time, hold, pattern-match and natural-language conditions, and every action, are reported.
 */
export function importContactLensRules(raw: unknown, options: ImportOptions): ImportResult {
  const parsed = document.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${options.file}: not Contact Lens rules (DescribeRule output): ${issue?.path.join('.') || 'document'}: ${issue?.message}`);
  }
  const notes: ImportNote[] = [];
  const rules: Array<Record<string, unknown>> = [];
  const ids = new Set<string>();
  for (const source of parsed.data) {
    const where = `rule "${source.Name}"`;
    const note = (construct: string, outcome: ImportNote['outcome'], detail: string) => notes.push({ where, construct, outcome, detail });
    for (const action of source.Actions) note(`action ${action.ActionType}`, 'unmapped', 'callcoach raises a finding (and the pack’s alerts) instead of Contact Lens actions');
    if (source.PublishStatus === 'DRAFT') note('PublishStatus DRAFT', 'approximated', 'imported with enabled: false');
    const fn = ruleFunction.safeParse(typeof source.Function === 'string' ? safeJson(source.Function) : source.Function);
    if (!fn.success) {
      note('Function', 'unmapped', 'not a Rules Function language document');
      continue;
    }
    const top = fn.data.RuleFunction;
    if (top.Operator !== 'AND' && top.Operator !== 'OR') {
      note(`RuleFunction operator ${top.Operator}`, 'unmapped', 'a rule function starts with AND or OR');
      continue;
    }
    const operands = top.Operands.filter((o): o is ContactLensCondition => typeof o === 'object' && o !== null && 'Operator' in o);
    const transcript = operands.filter((o) => TRANSCRIPT.test(o.ComparisonValue ?? ''));
    for (const other of operands.filter((o) => !transcript.includes(o))) {
      const detail = transcript.length === 0 ? 'no callcoach detector checks this; the rule has no words-or-phrases condition and was not imported' : top.Operator === 'AND' ? 'not a transcript condition: dropped, so the rule applies to every call of the pack’s language' : 'not a transcript condition: that alternative was not imported';
      note(`condition ${other.ComparisonValue ?? other.Operator}`, 'unmapped', detail);
    }
    if (top.Operator === 'AND' && transcript.length > 1) {
      note('AND of several words-or-phrases conditions', 'unmapped', 'callcoach rules look for one set of phrases');
      continue;
    }
    const made = transcript.flatMap((c) => transcriptRule(c, source.Name, note));
    const base = `cl.${slug(source.Name)}`;
    made.forEach((r, i) => {
      let id = made.length > 1 ? `${base}.${i + 1}` : base;
      while (ids.has(id)) id += '_';
      ids.add(id);
      rules.push({ id, description: source.Name, ...r, ...(source.PublishStatus === 'DRAFT' ? { enabled: false } : {}) });
    });
  }
  return {
    pack: { id: options.packId, version: '1.0.0', language: options.language, description: `Imported from Amazon Connect Contact Lens rules (${options.file}) by callcoach rules import`, source: options.file, rules },
    notes,
  };
}

function transcriptRule(c: ContactLensCondition, name: string, note: (construct: string, outcome: ImportNote['outcome'], detail: string) => void): Array<Record<string, unknown>> {
  const [, stage, match] = TRANSCRIPT.exec(c.ComparisonValue ?? '') as RegExpExecArray;
  if (match === 'PatternMatch') {
    note('PatternMatch transcript condition', 'unmapped', 'pattern match objects have no exact callcoach equivalent; rewrite them as pack patterns');
    return [];
  }
  if (c.Operator !== 'CONTAINS_ANY') {
    note(`${c.Operator} on the transcript`, 'unmapped', 'only CONTAINS_ANY maps');
    return [];
  }
  const phrases = c.Operands.filter((o): o is string => typeof o === 'string' && o.trim().length > 0);
  if (phrases.length === 0) {
    note('words-or-phrases condition without phrases', 'unmapped', 'nothing to look for');
    return [];
  }
  const filters = c.FilterClause?.Filters ?? [];
  const roleFilter = filters.find((f) => f.Type === 'ParticipantRole');
  const speaker = ROLE[String(roleFilter?.Data ?? 'ANY')] ?? 'any';
  const period = filters.find((f) => f.Type === 'PostCallContactPeriodSeconds')?.Data as { First?: number; Last?: number } | undefined;
  for (const f of filters) if (f.Type !== 'ParticipantRole' && f.Type !== 'PostCallContactPeriodSeconds') note(`filter ${f.Type}`, 'unmapped', 'ignored');
  const fuzzy = match === 'SemanticMatch' ? { sounds: true, edits: 2, minLength: 3 } : false;
  if (fuzzy) note('SemanticMatch', 'approximated', 'semantic match became fuzzy matching (sounds-alike, 2 edits); review the examples');
  const patterns = [...new Set(phrases.map(literalPattern))];
  if (!c.Negate) {
    if (period) note(`PostCallContactPeriodSeconds ${JSON.stringify(period)}`, 'approximated', 'the phrase is flagged anywhere in the call, not only in that period');
    // What the customer says is something to notice (a card, an alert), not the agent's violation.
    return [{ category: speaker === 'customer' ? 'coaching' : 'forbidden_phrase', kind: 'phrase', speaker, match: patterns, fuzzy, provisional: stage === 'RealTimeCall' }];
  }
  let window: Record<string, unknown> = { wholeCall: true };
  let category = 'coaching';
  if (period?.First !== undefined) {
    window = { firstMs: Math.max(1, Math.round(period.First * 1000)) };
    category = 'greeting_missing';
  } else if (period?.Last !== undefined) {
    note(`PostCallContactPeriodSeconds Last ${period.Last}`, 'approximated', 'checked in the speaker’s last 3 turns (callcoach windows the end of a call by turns)');
    window = { lastTurns: 3 };
    category = 'closing_missing';
  }
  return [{ category, kind: 'require', speaker, window, groups: { said: { label: name, match: patterns, ...(fuzzy ? { fuzzy } : {}) } } }];
}

function slug(name: string): string {
  return name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase().slice(0, 60) || 'rule';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
