import type { CompiledRule } from '../pack/compiled-pack.js';
import type { CallStep, UtteranceState } from '../state/call-state.js';
import type { PhraseHit } from '../text/phrase-hit.js';
import { normalizeText } from '../text/normalize-text.js';
import { textLanguageOf, type TextLanguage } from '../text/text-language.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { buildFinding } from './finding-builder.js';
import { fillPlaceholders } from './fill-placeholders.js';
import { ruleHits } from './rule-hits.js';
import { stepMachine } from './step-machine.js';

/** How the agent addresses someone by surname: the text before and after it (先生 after; "Mr." before). */
export interface AddressForm {
  readonly before: string;
  readonly after: string;
}

/** Parameters of the `surname` kind. Patterns after which the customer's surname follows live under the role 'given'. */
export interface SurnameParams {
  readonly address: readonly AddressForm[];
  /** The agent should address the customer by surname at least this often. */
  readonly minUses: number;
  /** Two-character surnames (欧阳): a name starting with one of them takes both characters. */
  readonly compound: readonly string[];
  /** English: words that cannot be part of a name ("and", "calling"). */
  readonly notNames: readonly string[];
  /** A card reminds the agent after this many of their utterances without the surname (0: no card). */
  readonly remindAfterTurns: number;
  /** The reminder card; {surname} is filled in. */
  readonly remind?: { readonly title: string; readonly text: string };
}

/** Role of the patterns the surname follows (我姓, 免贵姓, my last name is). */
export const SURNAME_GIVEN_ROLE = 'given';

interface Memory {
  readonly surname?: string;
  readonly givenBy?: UtteranceState;
  readonly forms: readonly string[];
  readonly uses: number;
  readonly agentTurnsSince: number;
  readonly reminded: boolean;
}

const HAN = /\p{Script=Han}/u;

/**
 * Surname use (seed 001: ask the surname and address the customer as X先生/女士 at least twice): once the customer
 * gives a surname, the agent's utterances that address them by it are counted. A card reminds the agent if several
 * turns pass without it; at the end of the call, fewer than `minUses` is a finding (unless the agent had fewer turns
 * left than that). The surname itself is personal data: it goes only into the quote and the agent's card.
 */
export const surnameDetector: DetectorFactory<SurnameParams> = (rule, context) => {
  const language = textLanguageOf(context.pack.language);
  // Normalised once per call, the way the pack's matcher normalises transcripts.
  const normalize = (text: string) => normalizeText(text, language).text;
  const words: Words = {
    address: rule.params.address.map((f) => ({ before: normalize(f.before), after: normalize(f.after) })),
    compound: rule.params.compound.map(normalize),
    notNames: rule.params.notNames.map(normalize),
  };
  return stepMachine<Memory>(
    () => ({ forms: [], uses: 0, agentTurnsSince: 0, reminded: false }),
    (m, step) => onStep(rule, context, language, words, m, step),
  );
};

interface Words {
  readonly address: readonly AddressForm[];
  readonly compound: readonly string[];
  readonly notNames: readonly string[];
}

function onStep(rule: CompiledRule<SurnameParams>, context: DetectorContext, language: TextLanguage, words: Words, m: Memory, step: CallStep): { memory: Memory; signals?: DetectorSignal[] } {
  const change = step.change;
  if (change.kind === 'ended') return judge(rule, context, m);
  if (change.kind !== 'utterance' || !change.utterance.isFinal) return { memory: m };
  const u = change.utterance;
  if (m.surname === undefined) {
    if (u.speaker !== 'customer') return { memory: m };
    const surname = surnameIn(rule, context, language, words, u);
    if (surname === undefined) return { memory: m };
    const forms = words.address.map((f) => (language === 'en' ? [f.before, surname, f.after].filter((x) => x !== '').join(' ') : f.before + surname + f.after));
    return { memory: { ...m, surname, givenBy: u, forms } };
  }
  if (!rule.speakers.includes(u.speaker)) return { memory: m };
  const text = u.analyses[context.packIndex]?.normalized.text ?? '';
  const padded = language === 'en' ? ` ${text} ` : text;
  const used = m.forms.some((form) => padded.includes(language === 'en' ? ` ${form} ` : form));
  const next: Memory = { ...m, uses: m.uses + (used ? 1 : 0), agentTurnsSince: m.agentTurnsSince + 1 };
  const remind = rule.params.remind;
  if (remind && !next.reminded && next.uses === 0 && rule.params.remindAfterTurns > 0 && next.agentTurnsSince >= rule.params.remindAfterTurns) {
    const values = { surname: m.surname };
    const card: DetectorSignal = {
      type: 'card',
      card: { key: `${rule.id}:remind`, callId: context.callId, ruleId: rule.id, packId: context.pack.id, title: fillPlaceholders(remind.title, values), text: fillPlaceholders(remind.text, values), atMs: context.clock.nowMs(), utteranceId: u.utteranceId },
    };
    return { memory: { ...next, reminded: true }, signals: [card] };
  }
  return { memory: next };
}

function judge(rule: CompiledRule<SurnameParams>, context: DetectorContext, m: Memory): { memory: Memory; signals?: DetectorSignal[] } {
  const given = m.givenBy;
  if (m.surname === undefined || !given || m.uses >= rule.params.minUses || m.agentTurnsSince < rule.params.minUses) return { memory: m };
  const now = context.clock.nowMs();
  const finding = buildFinding(rule, context, {
    key: 'surname',
    atMs: now,
    confirmedAtMs: now,
    utteranceId: given.utteranceId,
    evidence: {
      explanation: `the customer gave their surname; the agent addressed them by it ${m.uses} time${m.uses === 1 ? '' : 's'} in ${m.agentTurnsSince} utterances after (at least ${rule.params.minUses} expected)`,
      quote: given.text,
      spans: [{ utteranceId: given.utteranceId, start: 0, end: given.text.length }],
      observed: m.uses,
      limit: rule.params.minUses,
      unit: 'uses',
      speaker: 'customer' as const,
    },
  });
  return { memory: { ...m, surname: undefined }, signals: [{ type: 'confirmed', finding }] };
}

/** The surname right after the latest 'given' pattern in the utterance, normalised; undefined if none follows. */
function surnameIn(rule: CompiledRule<SurnameParams>, context: DetectorContext, language: TextLanguage, words: Words, u: UtteranceState): string | undefined {
  const hits = ruleHits(u, context, rule.id, SURNAME_GIVEN_ROLE);
  const normalized = u.analyses[context.packIndex]?.normalized;
  if (hits.length === 0 || !normalized) return undefined;
  const hit = hits.reduce((a: PhraseHit, b: PhraseHit) => (b.end > a.end ? b : a));
  let at = normalized.originStart.findIndex((start) => start >= hit.end);
  if (at < 0) return undefined;
  const text = normalized.text;
  if (language === 'en') {
    while (text[at] === ' ') at++;
    const name: string[] = [];
    for (const word of text.slice(at).split(' ')) {
      if (word === '' || words.notNames.includes(word) || name.length === 2) break;
      name.push(word);
    }
    return name[name.length - 1];
  }
  const two = text.slice(at, at + 2);
  if (words.compound.includes(two)) return two;
  const one = text.slice(at, at + 1);
  return HAN.test(one) ? one : undefined;
}
