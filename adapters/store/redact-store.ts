import { CallRedactor, redactionFor, textLanguageOf, type EngineOutput, type Finding, type RedactionPolicy } from '../../engine/index.js';
import type { Actor, FindingStore } from './finding-store.js';

/** What `callcoach redact` changed. */
export interface StoreRedactionReport {
  readonly calls: number;
  readonly linesChanged: number;
  readonly findingsChanged: number;
}

/**
 * Cleans a store written before redaction (or with it off): every call's transcript and findings go through the same
 * redaction the live engine applies (numbers split over lines included), are rewritten in place, and the storage is
 * rebuilt so the old text is gone from the files too. Idempotent: masks are left as they are. Audited.
 */
export async function redactStore(store: FindingStore, policy: RedactionPolicy | undefined, actor: Actor, options: { dryRun?: boolean } = {}): Promise<StoreRedactionReport> {
  const settings = redactionFor(policy, []);
  if (!settings) throw new Error("redaction is 'off': there is nothing to clean with");
  let linesChanged = 0;
  let findingsChanged = 0;
  const calls = await store.listCalls({ limit: Number.MAX_SAFE_INTEGER });
  for (const call of calls) {
    const lines = await store.transcriptOf(call.callId);
    const findings = await store.findingsOf(call.callId);
    const redactor = new CallRedactor(settings, textLanguageOf(call.language));
    const outputs: EngineOutput[] = [
      ...lines.flatMap((utterance) => redactor.accept({ type: 'utterance', utterance })),
      ...findings.flatMap((finding) => redactor.accept({ type: 'finding', finding: withoutReview(finding) })),
      ...redactor.flush(),
    ];
    const newLines = outputs.flatMap((o) => (o.type === 'utterance' ? [o.utterance] : []));
    const newFindings = outputs.flatMap((o) => (o.type === 'finding' ? [o.finding] : []));
    const changedLines = newLines.filter((l) => lines.find((old) => old.utteranceId === l.utteranceId)?.text !== l.text);
    const changedFindings = newFindings.filter((f) => JSON.stringify(findings.find((old) => old.key === f.key)?.evidence) !== JSON.stringify(f.evidence));
    linesChanged += changedLines.length;
    findingsChanged += changedFindings.length;
    if (!options.dryRun && (changedLines.length > 0 || changedFindings.length > 0)) await store.rewriteCall(call.callId, changedLines, changedFindings);
  }
  if (!options.dryRun) {
    await store.compact();
    await store.audit({ actor: actor.subject, role: actor.role, action: 'redact', after: { calls: calls.length, linesChanged, findingsChanged, kinds: [...settings.kinds] } });
  }
  return { calls: calls.length, linesChanged, findingsChanged };
}

function withoutReview(finding: Finding & { review?: unknown }): Finding {
  const { review: _review, ...rest } = finding;
  return rest;
}
