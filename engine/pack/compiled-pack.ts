import type { Speaker } from '../events/call-event.js';
import type { FindingCategory, Severity } from '../findings/finding.js';
import type { RedactionPolicy } from '../privacy/redaction-policy.js';
import type { PhraseIndex } from '../text/phrase-index.js';
import type { CompiledScorecard } from './compiled-scorecard.js';

/** A rule ready to run: validated, defaults applied, patterns compiled into its pack's phrase index. */
export interface CompiledRule<Params = unknown> {
  readonly id: string;
  readonly category: FindingCategory;
  readonly severity: Severity;
  readonly kind: string;
  /** Whose speech the rule looks at. */
  readonly speakers: readonly Speaker[];
  /** Nudge text template with {observed}, {limit}, {phrase}, {suggest} placeholders. */
  readonly nudge?: string;
  /** The better phrasing shown with the nudge. */
  readonly suggest?: string;
  readonly cites?: readonly string[];
  /** Cool-down between two nudges of this rule in one call. */
  readonly cooldownMs?: number;
  readonly params: Params;
}

/** One line of a pack's `alerts`: a category or a rule, and how loud. */
export interface AlertRule {
  readonly category?: FindingCategory;
  readonly rule?: string;
  /** The customer's live agitation reaching this level. */
  readonly agitation?: 'agitated';
  readonly severity: Severity;
  /** Raise it on a provisional nudge already. */
  readonly provisional: boolean;
}

/** A pack ready to run: frozen, one phrase index for all its rules. */
export interface CompiledPack {
  readonly id: string;
  readonly version: string;
  readonly language: string;
  readonly description?: string;
  /** Which findings and cards raise a supervisor alert, at what severity (first match wins). */
  readonly alerts?: readonly AlertRule[];
  /** What this pack adds to the deployment's redaction (kinds, fewer last digits shown); it can never switch any off. */
  readonly privacy?: RedactionPolicy;
  /** The QA scorecard shipped with this pack (carried for the review workspace; the engine never reads it). */
  readonly scorecard?: CompiledScorecard;
  readonly rules: readonly CompiledRule[];
  readonly phrases: PhraseIndex;
}

/** "zh-default@1.2.0". */
export function packRef(pack: Pick<CompiledPack, 'id' | 'version'>): string {
  return `${pack.id}@${pack.version}`;
}
