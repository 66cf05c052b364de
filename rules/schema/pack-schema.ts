import { z } from 'zod';
import { expandPattern, FINDING_CATEGORIES, PatternSyntaxError, PERSONAL_DATA_KINDS } from '../../engine/index.js';

/** Rule and pack ids: letters, digits, dots, dashes, underscores. */
const ruleId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must use letters, digits, ".", "-" or "_" and start with a letter or digit');
const pattern = z.string().min(1, 'a pattern must not be empty');
const patterns = z.array(pattern).min(1, 'give at least one pattern');
const milliseconds = z.number().int('must be a whole number of milliseconds').nonnegative();

/** Fuzzy matching for one rule. `false` means exact only. Example: `fuzzy: { sounds: true, edits: 1, minLength: 6 }`. */
export const fuzzySchema = z.union([
  z.literal(false),
  z.strictObject({
    sounds: z.boolean().default(true).describe('Chinese: same toneless pinyin (同音字) counts; English: same phonetic key counts'),
    edits: z.number().int().min(0).max(3).default(1).describe('syllables or words that may differ beyond sound-alikes'),
    minLength: z.number().int().min(2).default(5).describe('shortest pattern (characters / words) matched fuzzily'),
  }),
]);

const commonRuleFields = {
  id: ruleId.describe('unique within the pack, e.g. zh.forbidden.buguan'),
  category: z.enum(FINDING_CATEGORIES).describe('the fixed finding vocabulary'),
  severity: z.enum(['info', 'warn', 'critical']).default('warn'),
  speaker: z.enum(['agent', 'customer', 'any']).default('agent').describe('whose speech the rule looks at'),
  description: z.string().optional(),
  nudge: z.string().min(1).optional().describe('what the agent sees; placeholders {observed} {limit} {unit} {phrase} {suggest}'),
  suggest: z.string().min(1).optional().describe('the better phrasing'),
  cites: z.array(z.string().min(1)).optional().describe('the clause(s) of the source standard this rule implements'),
  examples: z
    .strictObject({ hit: z.array(z.string()).default([]), miss: z.array(z.string()).default([]) })
    .optional()
    .describe('utterances the rule must flag (hit) and must not flag (miss); run by `callcoach rules test`'),
  enabled: z.boolean().default(true),
  owner: z.string().optional(),
  cooldownMs: milliseconds.optional().describe('least time between two nudges of this rule in one call'),
};

/** kind: phrase — a forbidden expression. */
export const phraseRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('phrase'),
  match: patterns.optional().describe('patterns: (a|b) alternatives, [x] optional, … gap, {lexicon}, ^/$ clause anchors'),
  regex: z
    .array(z.string().min(1, 'a regex must not be empty'))
    .min(1)
    .optional()
    .describe('opt-in regular expressions (JavaScript syntax, no slashes or flags) run over the normalised text, for what patterns cannot say (digit runs, repeats); each is checked for catastrophic backtracking. Example: ["(\\d ?){15}\\d"]'),
  except: z.array(pattern).optional().describe('contexts that make a match innocent, e.g. 我不清楚这个情况'),
  fuzzy: fuzzySchema.optional(),
  provisional: z.boolean().default(true).describe('flag from interim transcripts; only the final confirms'),
});

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
      z.strictObject({ firstTurns: z.number().int().min(1).max(20).describe('the speaker\'s first N turns (a greeting)') }),
      z.strictObject({ lastTurns: z.number().int().min(1).max(20).describe('the speaker\'s last N turns before the call ends (a closing)') }),
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
          withinTurns: z.number().int().min(1).max(20).optional().describe('the speaker\'s next N turns after the trigger'),
          withinMs: milliseconds.min(1).optional().describe('N ms after the trigger'),
          minHoldMs: milliseconds.default(0).describe('after hold.ended: only holds at least this long open a window'),
        })
        .refine((w) => w.withinTurns !== undefined || w.withinMs !== undefined, 'give withinTurns or withinMs (or both)'),
    ])
    .describe('where the groups must be said; example: { after: { say: [谢谢] }, withinTurns: 1 }'),
  groups: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'group names use letters, digits, "_" or "-"'), requireGroup).refine((g) => Object.keys(g).length > 0, 'give at least one group'),
  atLeast: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('how many of the groups must be said (default: all); example: 2 of greeting, identity and offer'),
  excusedBy: patterns
    .optional()
    .describe('lines that waive the requirement when the window holds one, e.g. a silent-call ladder\'s closing line for the closing rules'),
});

/** kind: hangup — who must not release the call first. */
export const hangupRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('hangup'),
  endedBy: z.array(z.enum(['agent', 'customer', 'system', 'unknown'])).min(1).default(['agent']),
  excusedBy: z
    .strictObject({
      match: patterns.describe('lines that make releasing the call compliant: a ladder\'s closing line, the warning before ending an abusive call, 对不起，我挂线了'),
      withinLastTurns: z.number().int().min(1).max(10).default(2).describe('said in the agent\'s last N turns'),
    })
    .optional()
    .describe('compliant endings: the agent may release the call after saying one of these'),
});

const card = z.strictObject({
  title: z.string().min(1).describe('the card heading, e.g. 客户要求找领导'),
  text: z.string().min(1).describe('the script line the agent can read out'),
});

/** kind: pace — speaking rate over a sliding window of continuous talk. Example: `mode: fast, limit: 200, windowMs: 40000`. */
export const paceRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('pace'),
  mode: z.enum(['fast', 'slow', 'relative']).describe('fast: rate >= limit; slow: rate <= limit; relative: the speaker at limit times the other side or more'),
  limit: z.number().positive().describe('characters (Chinese) or words (English) per minute; for relative, the ratio to the other side'),
  windowMs: milliseconds.min(5_000).default(40_000).describe('the rate is measured over the latest stretch of continuous talk at least this long'),
  maxGapMs: milliseconds.default(1_500).describe('a pause longer than this (or the other side speaking) ends a stretch of continuous talk'),
  hysteresis: z.number().min(0).max(0.5).default(0.1).describe('after a finding, the rate must come back past the limit by this fraction before another'),
  fillers: z.array(z.string().min(1)).default([]).describe('fillers that do not count as units: 嗯, 那个 where they open a clause; um, uh anywhere'),
  minOtherSpeechMs: milliseconds.default(20_000).describe('relative: how much of the other side must be heard before comparing'),
});

/** kind: hold — hold etiquette, one `check` per rule. Example: `check: apology, graceMs: 7000, apology: ['让您久等了']`. */
export const holdRuleSchema = z
  .strictObject({
    ...commonRuleFields,
    kind: z.literal('hold'),
    check: z.enum(['permission', 'apology', 'duration']).describe('permission: asked before the hold; apology: after it; duration: not too long'),
    ask: patterns.optional().describe('the agent asking the customer to wait (请您稍等片刻好吗); needed by permission and infer'),
    apology: patterns.optional().describe('an apology or thanks for waiting (很抱歉，让您久等了); needed by apology'),
    fuzzy: fuzzySchema.optional(),
    graceMs: milliseconds.default(7_000).describe('permission and apology: holds shorter than this need neither'),
    askWithinMs: milliseconds.default(30_000).describe('permission: the wait request must end at most this long before the hold'),
    limitMs: milliseconds.default(300_000).describe('duration: a hold this long or longer is too long'),
    marks: z
      .array(z.strictObject({ afterMs: milliseconds, title: z.string().min(1), text: z.string().min(1) }))
      .default([])
      .describe('duration: countdown cards while the customer waits; {observed} and {limit} are seconds'),
    remind: card.optional().describe('apology: the card shown when a long hold ends; {observed} is the wait in seconds'),
    infer: z
      .strictObject({
        silenceMs: milliseconds.default(10_000).describe('silence this long after a wait request is a hold'),
        withinMs: milliseconds.default(10_000).describe('...if it begins within this long after the request'),
      })
      .optional()
      .describe('infer holds from the wait request followed by silence, for telephony that sends no hold events'),
  })
  .superRefine((rule, ctx) => {
    if ((rule.check === 'permission' || rule.infer) && !rule.ask) ctx.addIssue({ code: 'custom', path: ['ask'], message: `give the wait-request patterns ("ask") that ${rule.infer ? 'infer' : 'check: permission'} looks for` });
    if (rule.check === 'apology' && !rule.apology) ctx.addIssue({ code: 'custom', path: ['apology'], message: 'give the apology patterns that check: apology looks for' });
  });

const excuse = z.strictObject({
  label: z.string().min(1).describe('e.g. "the customer asked the agent to wait"'),
  speaker: z.enum(['agent', 'customer']).describe('whose request it is'),
  match: patterns,
  fuzzy: fuzzySchema.optional(),
});

/** kind: silence — dead air: no speech from anyone for afterMs outside a hold. Example: `afterMs: 20000`. */
export const silenceRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('silence'),
  afterMs: milliseconds.min(1_000).default(20_000).describe('silence this long (no speech, no hold) is dead air'),
  excuses: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'excuse names use letters, digits, "_" or "-"'), excuse).optional().describe('requests that excuse the silence after them'),
  excuseWithinMs: milliseconds.default(10_000).describe('an excuse counts if the silence begins within this long after it'),
  settleMs: milliseconds.default(3_000).describe('after the silence seems to end, wait this long for late transcripts of speech that began earlier'),
});

/** kind: interruption — starting to talk while the other side's utterance still runs. Example: `minOverlapMs: 1200`. */
export const interruptionRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('interruption'),
  over: z.enum(['agent', 'customer']).default('customer').describe('whose speech must not be talked over'),
  minOverlapMs: milliseconds.min(1).default(1_200).describe('starting this long (or more) before their utterance ends is an interruption'),
  backchannels: z.array(z.string().min(1)).default([]).describe('whole utterances that are only listening noises (嗯, uh-huh)'),
});

const ladderStep = z.strictObject({
  label: z.string().min(1).describe('the card heading, e.g. 再次问候'),
  afterMs: milliseconds.describe('due when the quiet side has been silent this long since the agent last spoke'),
  say: z.string().min(1).describe('the script line shown on the card'),
  match: patterns.describe('how to recognise the agent saying it'),
});

/** kind: sequence — a timed scripted ladder (silent call, noisy line). Example in zh-CN-standard/ladders.yaml. */
export const sequenceRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('sequence'),
  start: z
    .union([z.literal('firstTurn'), z.strictObject({ match: patterns })])
    .describe('firstTurn: after the agent\'s first utterance if the quiet side said nothing; { match }: when the agent says one of these'),
  quiet: z.enum(['agent', 'customer']).default('customer').describe('the side whose silence drives the ladder'),
  minConfidence: z.number().min(0).max(1).default(0).describe('speech of the quiet side below this recogniser confidence is not "heard"'),
  steps: z.array(ladderStep).min(1),
  hangupAfterMs: milliseconds.default(3_000).describe('after the last line, wait this long before releasing the call'),
  fuzzy: fuzzySchema.optional(),
});

/** kind: surname — address the customer by the surname they gave. Example: `given: ['(我|免贵)姓'], address: ['{surname}(先生|女士)']`. */
export const surnameRuleSchema = z
  .strictObject({
    ...commonRuleFields,
    kind: z.literal('surname'),
    given: patterns.describe('customer patterns the surname follows: 我姓, 免贵姓, my last name is'),
    address: z
      .array(z.string().regex(/\{surname\}/, 'an address form must contain {surname}'))
      .min(1)
      .describe('how the agent addresses them, with {surname}: {surname}(先生|女士), (mr|ms) {surname}'),
    minUses: z.number().int().min(1).default(2).describe('addressed by surname at least this often'),
    compound: z.array(z.string().min(2)).default([]).describe('two-character surnames (欧阳, 司马)'),
    notNames: z.array(z.string().min(1)).default([]).describe('English: words that end a name (and, calling)'),
    remindAfterTurns: z.number().int().min(0).default(3).describe('a card after this many agent utterances without the surname (0: none)'),
    remind: card.optional().describe('the reminder card; {surname} is filled in'),
    fuzzy: fuzzySchema.optional(),
  })
  .superRefine((rule, ctx) => {
    rule.address.forEach((pattern, i) => {
      const problem = addressProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: ['address', i], message: problem });
    });
  });

/** Why an address pattern cannot be used, if it cannot: it must expand to plain text around exactly one {surname}. */
function addressProblem(pattern: string): string | undefined {
  try {
    for (const variant of expandPattern(pattern, new Map([['surname', ['\u0000']]]))) {
      const text = variant.parts.length === 1 && variant.parts[0]?.kind === 'text' ? variant.parts[0].text : undefined;
      if (text === undefined) return 'an address form cannot contain a gap (…)';
      if (text.split('\u0000').length !== 2) return 'an address form must contain {surname} exactly once in every alternative';
    }
    return undefined;
  } catch (err) {
    if (err instanceof PatternSyntaxError) return `${err.message} (only {surname} can be used here)`;
    throw err;
  }
}

/** kind: suggest — a trigger shows the agent a script card. Example: `trigger: ['找…{boss}'], card: { title, text }`. */
export const suggestRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('suggest'),
  trigger: patterns.describe("what the rule's speaker says to show the card"),
  unless: patterns.optional().describe("no card if the agent's last unlessWithinTurns utterances matched one of these"),
  unlessWithinTurns: z.number().int().min(1).max(20).default(3),
  card,
  interim: z.boolean().default(false).describe('show the card from interim transcripts (sooner; never taken back)'),
  fuzzy: fuzzySchema.optional(),
});

/** The schema of each rule kind, by the name packs use in `kind:`. */
export const RULE_KIND_SCHEMAS = {
  phrase: phraseRuleSchema,
  require: requireRuleSchema,
  hangup: hangupRuleSchema,
  pace: paceRuleSchema,
  hold: holdRuleSchema,
  silence: silenceRuleSchema,
  interruption: interruptionRuleSchema,
  sequence: sequenceRuleSchema,
  surname: surnameRuleSchema,
  suggest: suggestRuleSchema,
} as const;

/** Every rule kind a pack may use. */
export const ruleSchema = z.discriminatedUnion('kind', [
  phraseRuleSchema,
  requireRuleSchema,
  hangupRuleSchema,
  paceRuleSchema,
  holdRuleSchema,
  silenceRuleSchema,
  interruptionRuleSchema,
  sequenceRuleSchema,
  surnameRuleSchema,
  suggestRuleSchema,
]);

/** A rule pack as written in YAML. */
export const packSchema = z.strictObject({
  id: ruleId.describe('the pack id, e.g. zh-CN-default'),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.2.0'),
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP-47 tag such as zh-CN'),
  description: z.string().optional(),
  source: z.string().optional().describe('the standard this pack implements'),
  extends: z.string().optional().describe('a base pack (path or shipped id) whose rules this pack overrides rule by rule'),
  include: z.array(z.string().min(1)).optional().describe('more files of rules, relative to this one'),
  lexicons: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), z.array(z.string().min(1)).min(1)).optional().describe('named term lists, used in patterns as {name}'),
  allow: z.array(pattern).optional().describe('pack-wide allow-list: a match overlapping one of these is never flagged'),
  alerts: z
    .array(
      z
        .strictObject({
          category: z.enum(FINDING_CATEGORIES).optional().describe('findings of this category alert'),
          rule: ruleId.optional().describe('findings or cards of this rule alert'),
          agitation: z.literal('agitated').optional().describe("the customer's live agitation reaching this level alerts"),
          severity: z.enum(['info', 'warn', 'critical']).describe('how loudly the supervisor wall announces it'),
          provisional: z.boolean().default(false).describe('alert on a provisional nudge already (faster, may be withdrawn)'),
        })
        .refine((a) => [a.category, a.rule, a.agitation].filter((x) => x !== undefined).length === 1, 'name exactly one of category, rule or agitation'),
    )
    .optional()
    .describe('which findings and cards raise an alert on the supervisor wall, and how loud'),
  privacy: z
    .strictObject({
      redact: z.union([z.literal('all'), z.array(z.enum(PERSONAL_DATA_KINDS)).min(1)]).optional().describe('kinds of personal data this pack adds to the deployment\'s redaction'),
      keepLast: z.number().int().min(0).max(4).optional().describe('last digits a card or phone mask may show (packs can only lower it)'),
    })
    .optional()
    .describe('redaction this pack asks for on top of the deployment\'s; a pack can add kinds, never switch any off'),
  defaults: z
    .strictObject({ fuzzy: fuzzySchema.optional(), severity: z.enum(['info', 'warn', 'critical']).optional(), cooldownMs: milliseconds.optional() })
    .optional(),
  semantic: z
    .strictObject({
      threshold: z.number().min(0.5).max(1).describe('least similarity (0–1) to an exemplar of a forbidden-phrase rule; choose it on a development set'),
      margin: z.number().min(0).max(0.5).default(0.05).describe('the nearest rule exemplar must beat the nearest polite one (examples.miss, suggest, allow) by this much'),
      minUnits: z.number().int().min(1).max(20).default(4).describe('shortest stretch judged: characters (Chinese) or words (English)'),
    })
    .optional()
    .describe('a second stage for paraphrases: nearest neighbour over the forbidden-phrase rules\' own examples and patterns, by character or word n-grams; only adds findings. Example: { threshold: 0.8 }'),
  rules: z.array(ruleSchema).default([]),
});

/** A file listed under `include`: more rules and lexicons for the same pack. */
export const includeSchema = z.strictObject({
  lexicons: packSchema.shape.lexicons,
  allow: packSchema.shape.allow,
  rules: z.array(ruleSchema).default([]),
});

export type PackDocument = z.infer<typeof packSchema>;
export type IncludeDocument = z.infer<typeof includeSchema>;
export type RuleDocument = z.infer<typeof ruleSchema>;
export type FuzzyDocument = z.infer<typeof fuzzySchema>;
