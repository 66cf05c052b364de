import { redactText, type CompiledPack, type CompiledScorecard, type EngineOutput, type RedactionSettings } from '../../engine/index.js';
import { overrideProblem, scoreCall, type CallScore, type ItemOverride } from '../../rules/scorecard/score-call.js';
import type { Principal } from '../auth/roles.js';
import type { FindingStore, StoredFinding } from '../store/finding-store.js';
import { periodRange } from '../store/qa/period-keys.js';
import type { Dispute, Evaluation, EvaluationPurpose, IndexedCall, QaStore } from '../store/qa/qa-store.js';
import { calibrationSpread, type CalibrationSpread } from './calibration-spread.js';
import { drawSample, spreadOverReviewers } from './draw-sample.js';
import { QA_ERROR_CODES, QaError } from './qa-error.js';

/** An evaluation with its live score (recomputed from the findings' current review state and the reviewer's items). */
export interface EvaluationView {
  readonly evaluation: Evaluation;
  readonly score: CallScore;
  readonly scorecard: CompiledScorecard;
}

/**
 * The QA workspace over the stores: keeps the call index up to date from engine outputs, scores calls on their pack's
 * scorecard, and carries evaluations, disputes, calibration and sampling with the role rules of adapters/README.md.
 * Free text people type (reasons, comments) goes through the deployment's redaction before it is stored.
 */
export class QaWorkspace {
  constructor(
    readonly qa: QaStore,
    private readonly findings: FindingStore,
    private readonly packs: () => readonly CompiledPack[],
    private readonly redaction: RedactionSettings | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The index tap: beside the finding store, never in the engine's way (errors are the caller's to log). */
  async record(output: EngineOutput): Promise<void> {
    if (output.type === 'call.opened') {
      await this.qa.indexCallOpened({ callId: output.callId, language: output.language, packs: output.packs, openedAt: this.now().toISOString(), ...(output.agentId ? { agentId: output.agentId } : {}), ...(output.teamId ? { teamId: output.teamId } : {}) });
    } else if (output.type === 'finding') {
      const f = output.finding;
      await this.qa.indexFinding({ callId: f.callId, key: f.key, ruleId: f.ruleId, category: f.category, severity: f.severity });
    } else if (output.type === 'utterance') {
      await this.qa.indexLine(output.utterance);
    } else if (output.type === 'call.closed') {
      await this.qa.indexCallClosed(output.callId, this.now().toISOString());
      await this.rescore(output.callId);
    }
  }

  /** The scorecard a call is scored on: its own pack version's when still loaded, else the current pack of its language. */
  scorecardForCall(call: { language: string; packs?: readonly string[] }): CompiledScorecard | undefined {
    const packs = this.packs().filter((p) => p.scorecard);
    const own = packs.find((p) => call.packs?.includes(`${p.id}@${p.version}`));
    const primary = call.language.split('-')[0];
    return (own ?? packs.find((p) => p.language === call.language) ?? packs.find((p) => p.language.split('-')[0] === primary))?.scorecard;
  }

  /** The call's index entry, or a 404. */
  async call(callId: string): Promise<IndexedCall> {
    const call = await this.qa.indexedCall(callId);
    if (!call) throw new QaError(QA_ERROR_CODES.NOT_FOUND, `no call ${callId} in the QA index`);
    return call;
  }

  /** The automatic score: the scorecard filled from findings only. */
  async autoScore(callId: string): Promise<CallScore | undefined> {
    const card = this.scorecardForCall(await this.call(callId));
    return card ? scoreCall(card, await this.findings.findingsOf(callId)) : undefined;
  }

  /** Puts the call's current score in the index: the submitted review's, else the automatic one. */
  async rescore(callId: string): Promise<void> {
    const submitted = (await this.qa.evaluationsOf(callId)).filter((e) => e.purpose === 'review' && e.status === 'submitted').sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
    const latest = submitted[submitted.length - 1];
    if (latest) {
      const view = await this.view(latest);
      await this.qa.setCallScore(callId, view.score.total, view.score.scorecard);
      return;
    }
    const auto = await this.autoScore(callId).catch(() => undefined);
    await this.qa.setCallScore(callId, auto?.total, auto?.scorecard);
  }

  /** An evaluation with its scorecard and live score. */
  async view(evaluation: Evaluation): Promise<EvaluationView> {
    const scorecard = await this.qa.scorecard(evaluation.scorecard);
    if (!scorecard) throw new QaError(QA_ERROR_CODES.NO_SCORECARD, `scorecard ${evaluation.scorecard} is not kept in this store`);
    return { evaluation, scorecard, score: scoreCall(scorecard, await this.findings.findingsOf(evaluation.callId), evaluation.items) };
  }

  async evaluation(evaluationId: string): Promise<Evaluation> {
    const evaluation = await this.qa.evaluation(evaluationId);
    if (!evaluation) throw new QaError(QA_ERROR_CODES.NOT_FOUND, `no evaluation ${evaluationId}`);
    return evaluation;
  }

  /** Opens (or returns) the signed-in reviewer's evaluation of a call, auto-filled from its findings. */
  async openEvaluation(callId: string, principal: Principal, purpose: EvaluationPurpose = 'review'): Promise<EvaluationView> {
    mayReview(principal);
    const existing = await this.qa.evaluationFor(callId, principal.subject, purpose);
    if (existing) return this.view(existing);
    const call = await this.call(callId);
    const card = this.scorecardForCall(call);
    if (!card) throw new QaError(QA_ERROR_CODES.NO_SCORECARD, `no loaded pack for ${call.language} has a scorecard; add scorecard: to the pack`);
    await this.qa.saveScorecard(card);
    const auto = scoreCall(card, await this.findings.findingsOf(callId));
    const evaluation = await this.qa.createEvaluation(
      { callId, reviewer: principal.subject, reviewerRole: principal.role, purpose, scorecard: auto.scorecard, pack: card.pack, ...(auto.total !== undefined ? { total: auto.total, passed: auto.passed ?? false } : {}) },
      { subject: principal.subject, role: principal.role },
    );
    if (call.reviewState === 'unreviewed' || call.reviewState === 'assigned') await this.qa.setReviewState(callId, 'in_review');
    return this.view(evaluation);
  }

  /** Sets (or with null clears) the reviewer's decision on one item; the reason is required and kept in the history. */
  async setItem(evaluationId: string, itemId: string, change: { outcome?: unknown; earned?: unknown; reason?: unknown; clear?: unknown }, revision: number, principal: Principal): Promise<EvaluationView> {
    const evaluation = await this.evaluation(evaluationId);
    if (evaluation.reviewer !== principal.subject) throw new QaError(QA_ERROR_CODES.FORBIDDEN, `this evaluation is ${evaluation.reviewer}'s; open your own to score the call`);
    if (evaluation.status === 'submitted') throw new QaError(QA_ERROR_CODES.CONFLICT, 'this evaluation is submitted; it changes only through a dispute');
    return this.applyItem(evaluation, itemId, change, revision, principal, 'item');
  }

  private async applyItem(evaluation: Evaluation, itemId: string, change: { outcome?: unknown; earned?: unknown; reason?: unknown; clear?: unknown }, revision: number, principal: Principal, action: string): Promise<EvaluationView> {
    const { scorecard } = await this.view(evaluation);
    const reason = typeof change.reason === 'string' ? await this.redact(change.reason.trim(), evaluation) : change.reason;
    const items: Record<string, ItemOverride> = { ...evaluation.items };
    if (change.clear === true) {
      if (typeof reason !== 'string' || reason === '') throw new QaError(QA_ERROR_CODES.INVALID, 'every change needs a reason');
      if (!scorecard.sections.some((s) => s.items.some((i) => i.id === itemId))) throw new QaError(QA_ERROR_CODES.INVALID, `scorecard ${evaluation.scorecard} has no item ${itemId}`);
      delete items[itemId];
    } else {
      const problem = overrideProblem(scorecard, itemId, { outcome: change.outcome, earned: change.earned, reason });
      if (problem) throw new QaError(QA_ERROR_CODES.INVALID, problem);
      items[itemId] = { outcome: change.outcome as ItemOverride['outcome'], ...(change.earned !== undefined ? { earned: change.earned as number } : {}), reason: reason as string };
    }
    const score = scoreCall(scorecard, await this.findings.findingsOf(evaluation.callId), items);
    const updated = await this.qa.updateEvaluation(
      evaluation.evaluationId,
      revision,
      { items, ...(score.total !== undefined ? { total: score.total, passed: score.passed ?? false } : {}), status: evaluation.status },
      { actor: principal.subject, role: principal.role, action, itemId, before: evaluation.items[itemId] ?? null, after: items[itemId] ?? null, reason: reason as string },
    );
    if (!updated) throw new QaError(QA_ERROR_CODES.CONFLICT, 'the evaluation changed since you loaded it (another tab or reviewer); reload and try again');
    return { evaluation: updated, scorecard, score };
  }

  /** Submits the reviewer's evaluation once every manual item is scored; the call's score becomes its total. */
  async submit(evaluationId: string, revision: number, principal: Principal): Promise<EvaluationView> {
    const evaluation = await this.evaluation(evaluationId);
    if (evaluation.reviewer !== principal.subject) throw new QaError(QA_ERROR_CODES.FORBIDDEN, `this evaluation is ${evaluation.reviewer}'s`);
    const view = await this.view(evaluation);
    if (view.score.pending > 0) {
      const pending = view.score.sections.flatMap((s) => s.items).filter((i) => i.outcome === 'pending').map((i) => i.id);
      throw new QaError(QA_ERROR_CODES.INVALID, `score every manual item before submitting (still open: ${pending.join(', ')})`);
    }
    const updated = await this.qa.updateEvaluation(
      evaluationId,
      revision,
      { items: evaluation.items, ...(view.score.total !== undefined ? { total: view.score.total, passed: view.score.passed ?? false } : {}), status: 'submitted' },
      { actor: principal.subject, role: principal.role, action: 'submit', after: { total: view.score.total ?? null, scorecard: view.score.scorecard } },
    );
    if (!updated) throw new QaError(QA_ERROR_CODES.CONFLICT, 'the evaluation changed since you loaded it; reload and try again');
    await this.qa.completeAssignments(evaluation.callId, principal.subject, evaluation.purpose);
    if (evaluation.purpose === 'review') {
      await this.qa.setReviewState(evaluation.callId, 'reviewed');
      await this.rescore(evaluation.callId);
    }
    return { ...view, evaluation: updated };
  }

  /** An agent disputes one item of a submitted review of their own call. */
  async dispute(evaluationId: string, itemId: string, comment: unknown, principal: Principal): Promise<Dispute> {
    if (principal.role !== 'agent') throw new QaError(QA_ERROR_CODES.FORBIDDEN, 'only the agent whose call it is can dispute an evaluation');
    const evaluation = await this.evaluation(evaluationId);
    const call = await this.call(evaluation.callId);
    if (call.agentId !== principal.agentId) throw new QaError(QA_ERROR_CODES.FORBIDDEN, `agent ${principal.agentId ?? ''} may dispute only evaluations of their own calls`);
    if (evaluation.status !== 'submitted' || evaluation.purpose !== 'review') throw new QaError(QA_ERROR_CODES.CONFLICT, 'only a submitted review can be disputed');
    if (typeof comment !== 'string' || comment.trim() === '' || comment.length > 2000) throw new QaError(QA_ERROR_CODES.INVALID, 'say why in a comment of 1 to 2000 characters');
    const { scorecard } = await this.view(evaluation);
    if (!scorecard.sections.some((s) => s.items.some((i) => i.id === itemId))) throw new QaError(QA_ERROR_CODES.INVALID, `scorecard ${evaluation.scorecard} has no item ${itemId}`);
    if ((await this.qa.disputes({ evaluationId, status: 'open' })).some((d) => d.itemId === itemId)) throw new QaError(QA_ERROR_CODES.CONFLICT, `item ${itemId} already has an open dispute`);
    const dispute = await this.qa.openDispute({ evaluationId, callId: call.callId, itemId, ...(call.agentId ? { agentId: call.agentId } : {}), ...(call.teamId ? { teamId: call.teamId } : {}), raisedBy: principal.subject, comment: await this.redact(comment.trim(), evaluation) });
    await this.qa.setReviewState(call.callId, 'disputed');
    return dispute;
  }

  /**
   * A lead resolves a dispute: the team's supervisor, an admin, or a QA reviewer other than the one who scored it.
   * Upholding it with a new outcome changes the item (history says why); the call's score follows.
   */
  async resolve(disputeId: string, decision: { status?: unknown; comment?: unknown; outcome?: unknown; earned?: unknown }, principal: Principal): Promise<{ dispute: Dispute; view: EvaluationView }> {
    const dispute = await this.qa.dispute(disputeId);
    if (!dispute) throw new QaError(QA_ERROR_CODES.NOT_FOUND, `no dispute ${disputeId}`);
    const evaluation = await this.evaluation(dispute.evaluationId);
    mayResolve(principal, dispute, evaluation);
    if (dispute.status !== 'open') throw new QaError(QA_ERROR_CODES.CONFLICT, `dispute ${disputeId} is already ${dispute.status}`);
    if (decision.status !== 'upheld' && decision.status !== 'rejected') throw new QaError(QA_ERROR_CODES.INVALID, 'status must be "upheld" or "rejected"');
    if (typeof decision.comment !== 'string' || decision.comment.trim() === '') throw new QaError(QA_ERROR_CODES.INVALID, 'a resolution needs a comment the agent can read');
    const comment = await this.redact(decision.comment.trim(), evaluation);
    let view = await this.view(evaluation);
    if (decision.status === 'upheld' && decision.outcome !== undefined) {
      view = await this.applyItem(evaluation, dispute.itemId, { outcome: decision.outcome, earned: decision.earned, reason: `dispute upheld: ${comment}` }, evaluation.revision, principal, 'dispute-change');
    }
    const resolved = await this.qa.resolveDispute(disputeId, { status: decision.status, resolution: comment, resolvedBy: principal.subject, resolvedRole: principal.role });
    if (!resolved) throw new QaError(QA_ERROR_CODES.CONFLICT, `dispute ${disputeId} was resolved meanwhile`);
    if ((await this.qa.disputes({ evaluationId: evaluation.evaluationId, status: 'open' })).length === 0) await this.qa.setReviewState(evaluation.callId, 'reviewed');
    await this.rescore(evaluation.callId);
    return { dispute: resolved, view };
  }

  /** Puts a call in several reviewers' queues for calibration. */
  async startCalibration(callId: string, reviewers: unknown, principal: Principal): Promise<number> {
    mayPlan(principal);
    if (!Array.isArray(reviewers) || reviewers.length < 2 || !reviewers.every((r) => typeof r === 'string' && r.length > 0 && r.length <= 200)) throw new QaError(QA_ERROR_CODES.INVALID, 'reviewers must list at least two reviewer names');
    await this.call(callId);
    return (await this.qa.assign((reviewers as string[]).map((reviewer) => ({ callId, reviewer, purpose: 'calibration' as const, reason: 'calibration' })))).length;
  }

  /** The submitted calibration evaluations of a call and how far they agree per item. */
  async calibration(callId: string): Promise<CalibrationSpread> {
    const evaluations = (await this.qa.evaluationsOf(callId)).filter((e) => e.purpose === 'calibration' && e.status === 'submitted');
    const views = await Promise.all(evaluations.map((e) => this.view(e)));
    const refs = new Set(views.map((v) => v.score.scorecard));
    if (refs.size > 1) throw new QaError(QA_ERROR_CODES.CONFLICT, `calibration evaluations use different scorecards (${[...refs].join(', ')}): compare like with like`);
    return calibrationSpread(views.map((v) => ({ reviewer: v.evaluation.reviewer, score: v.score })));
  }

  /** Draws a plan's sample for one period and puts it in its reviewers' queues. */
  async runPlan(planId: string, period: unknown, principal: Principal): Promise<{ period: string; candidates: number; sampled: number; critical: number; assigned: number }> {
    mayPlan(principal);
    const plan = await this.qa.plan(planId);
    if (!plan) throw new QaError(QA_ERROR_CODES.NOT_FOUND, `no sampling plan ${planId}`);
    if (typeof period !== 'string') throw new QaError(QA_ERROR_CODES.INVALID, 'period is required: a day (2025-03-07), an ISO week (2025-W10) or a month (2025-03)');
    let range: { from: string; to: string };
    try {
      range = periodRange(period);
    } catch (err) {
      throw new QaError(QA_ERROR_CODES.INVALID, (err as Error).message);
    }
    const candidates = await this.qa.callsInScope({ ...range, ...(plan.teamId ? { teamId: plan.teamId } : {}), ...(plan.agentId ? { agentId: plan.agentId } : {}) });
    // A call already in someone's review queue (from this plan's earlier run or another plan) is not drawn again.
    const queued = await Promise.all(candidates.map(async (c) => ((await this.qa.assignmentsOf(c.callId)).some((a) => a.purpose === 'review') ? c.callId : undefined)));
    const drawn = drawSample(plan.planId, candidates, plan.share, plan.includeCritical).filter((d) => !queued.includes(d.callId));
    const load = new Map(await Promise.all(plan.reviewers.map(async (r) => [r, (await this.qa.queue(r)).length] as const)));
    const added = await this.qa.assign(spreadOverReviewers(drawn, plan.reviewers, load).map(({ call, reviewer }) => ({ planId, callId: call.callId, reviewer, purpose: 'review' as const, reason: call.reason, periodKey: period })));
    return { period, candidates: candidates.length, sampled: drawn.filter((d) => d.reason === 'sample').length, critical: drawn.filter((d) => d.reason === 'critical').length, assigned: added.length };
  }

  /** Findings of a call, for the evaluation page. */
  findingsOf(callId: string): Promise<StoredFinding[]> {
    return this.findings.findingsOf(callId);
  }

  /** Free text through the deployment's redaction (reasons and comments people type). */
  redactFree(text: string, language: 'zh' | 'en'): string {
    return this.redaction ? redactText(text, this.redaction, language).text : text;
  }

  private async redact(text: string, evaluation: Evaluation): Promise<string> {
    const call = await this.qa.indexedCall(evaluation.callId);
    return this.redactFree(text, languageOf(call?.language ?? ''));
  }
}

/** The redaction's text language for a call language (masks read 电话 or phone). */
export function languageOf(callLanguage: string): 'zh' | 'en' {
  return callLanguage.startsWith('zh') ? 'zh' : 'en';
}

function mayReview(p: Principal): void {
  if (p.role !== 'qa' && p.role !== 'admin') throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a ${p.role} cannot score calls (QA reviewers and admins can)`);
}

function mayPlan(p: Principal): void {
  if (p.role !== 'qa' && p.role !== 'admin') throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a ${p.role} cannot plan reviews (QA leads and admins can)`);
}

function mayResolve(p: Principal, dispute: Dispute, evaluation: Evaluation): void {
  if (p.role === 'admin') return;
  if (p.role === 'supervisor' && p.teamId !== undefined && p.teamId === dispute.teamId) return;
  if (p.role === 'qa' && p.subject !== evaluation.reviewer) return;
  if (p.role === 'qa') throw new QaError(QA_ERROR_CODES.FORBIDDEN, 'you scored this evaluation: another lead resolves disputes about it');
  throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a ${p.role} cannot resolve this dispute (the team's supervisor, an admin or another QA lead can)`);
}
