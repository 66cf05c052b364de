import type { Evidence, Finding } from '../findings/finding.js';
import type { CompiledRule } from '../pack/compiled-pack.js';
import type { DetectorContext, ProvisionalFinding } from './detector.js';

/** Fills in the fields every finding of a rule shares. */
export function buildFinding(
  rule: CompiledRule,
  context: DetectorContext,
  fields: { key: string; atMs: number; confirmedAtMs: number; utteranceId?: string; evidence: Evidence },
): Finding {
  return {
    ...buildProvisional(rule, context, fields),
    confirmedAtMs: fields.confirmedAtMs,
  };
}

/** A finding flagged before it could be confirmed. */
export function buildProvisional(
  rule: CompiledRule,
  context: DetectorContext,
  fields: { key: string; atMs: number; utteranceId?: string; evidence: Evidence },
): ProvisionalFinding {
  return {
    key: `${rule.id}:${fields.key}`,
    callId: context.callId,
    category: rule.category,
    ruleId: rule.id,
    packId: context.pack.id,
    packVersion: context.pack.version,
    severity: rule.severity,
    ...(fields.utteranceId !== undefined ? { utteranceId: fields.utteranceId } : {}),
    atMs: fields.atMs,
    evidence: fields.evidence,
  };
}
