import { PERSONAL_DATA_KINDS, type PersonalDataKind } from './personal-data-kind.js';
import type { RedactionSettings } from './redact-text.js';

/** How a deployment or a pack asks for redaction: which kinds ('all', a list, or 'off'), and how many last digits to show. */
export interface RedactionPolicy {
  readonly redact?: 'all' | 'off' | readonly PersonalDataKind[];
  /** 0–4; default 4. */
  readonly keepLast?: number;
}

/** Redact everything, show the last four digits of cards and phones. */
export const DEFAULT_REDACTION: Required<RedactionPolicy> = { redact: 'all', keepLast: 4 };

/**
 * The settings for one call. The deployment decides whether redaction runs at all ('off' is for on-prem tests with
 * synthetic data); packs can only add kinds and show fewer digits, never fewer kinds: a pack author cannot switch off
 * what the deployment requires.
 */
export function redactionFor(deployment: RedactionPolicy | undefined, packs: ReadonlyArray<RedactionPolicy | undefined>): RedactionSettings | undefined {
  const base = { ...DEFAULT_REDACTION, ...deployment };
  if (base.redact === 'off') return undefined;
  const kinds = new Set<PersonalDataKind>(kindsOf(base.redact));
  let keepLast = clamp(base.keepLast);
  for (const pack of packs) {
    if (!pack) continue;
    if (pack.redact !== undefined && pack.redact !== 'off') for (const k of kindsOf(pack.redact)) kinds.add(k);
    if (pack.keepLast !== undefined) keepLast = Math.min(keepLast, clamp(pack.keepLast));
  }
  return { kinds, keepLast };
}

function kindsOf(redact: 'all' | readonly PersonalDataKind[]): readonly PersonalDataKind[] {
  return redact === 'all' ? PERSONAL_DATA_KINDS : redact;
}

function clamp(keepLast: number): number {
  return Math.max(0, Math.min(4, Math.floor(keepLast)));
}
