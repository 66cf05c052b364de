import type { FindingCategory, Severity } from '../../engine/index.js';
import type { StoredFinding } from '../store/finding-store.js';

/** Points a finding costs, by severity. */
const DEDUCTION: Record<Severity, number> = { critical: 20, warn: 10, info: 3 };

/** One call's compliance score and what it is made of. Dismissed findings cost nothing. */
export interface Scorecard {
  /** 100 minus deductions, never below 0. */
  readonly score: number;
  readonly byCategory: Partial<Record<FindingCategory, number>>;
  readonly open: number;
  readonly confirmed: number;
  readonly dismissed: number;
}

/** Scores a call from its findings and their review state. */
export function scorecard(findings: readonly StoredFinding[]): Scorecard {
  let deductions = 0;
  const byCategory: Partial<Record<FindingCategory, number>> = {};
  let open = 0;
  let confirmed = 0;
  let dismissed = 0;
  for (const f of findings) {
    if (f.review?.verdict === 'dismissed') {
      dismissed++;
      continue;
    }
    if (f.review?.verdict === 'confirmed') confirmed++;
    else open++;
    deductions += DEDUCTION[f.severity];
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  }
  return { score: Math.max(0, 100 - deductions), byCategory, open, confirmed, dismissed };
}
