import type { HoldInference } from './track-holds.js';

/** A card the agent sees during or after a hold; {observed} and {limit} are filled in (seconds). */
export interface HoldCard {
  readonly title: string;
  readonly text: string;
}

/** A countdown card shown once a hold has lasted `afterMs`. */
export interface HoldMark extends HoldCard {
  readonly afterMs: number;
}

/** Parameters of the `hold` kind. Wait-request patterns live under the role 'ask', apologies under 'apology'. */
export interface HoldParams {
  /** permission: asked before the hold; apology: apologised after it; duration: not too long (with countdown cards). */
  readonly check: 'permission' | 'apology' | 'duration';
  /** permission and apology: holds shorter than this need neither. */
  readonly graceMs: number;
  /** permission: the wait request must end at most this long before the hold starts. */
  readonly askWithinMs: number;
  /** duration: a hold this long or longer is too long. */
  readonly limitMs: number;
  /** duration: countdown cards. */
  readonly marks: readonly HoldMark[];
  /** apology: the card shown when a long hold ends. */
  readonly remind?: HoldCard;
  /** Holds inferred from a wait request followed by silence, for telephony that sends no hold events. */
  readonly infer?: HoldInference;
}

/** Role of the wait-request patterns (请您稍等片刻好吗). */
export const HOLD_ASK_ROLE = 'ask';
/** Role of the apology / thanks-for-waiting patterns (很抱歉，让您久等了). */
export const HOLD_APOLOGY_ROLE = 'apology';
