import type { CompiledScorecard } from '../../../engine/index.js';
import type { ItemOverride } from '../../../rules/scorecard/score-call.js';

/** Where a call stands in review. */
export const REVIEW_STATES = ['unreviewed', 'assigned', 'in_review', 'reviewed', 'disputed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** A call as the QA index knows it: what search filters on and lists show. */
export interface IndexedCall {
  readonly callId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly language: string;
  /** The packs (id@version) the call ran with. */
  readonly packs?: readonly string[];
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly findings: number;
  readonly critical: number;
  /** The latest score (the submitted evaluation's, else the automatic one) and the scorecard version it names. */
  readonly score?: number;
  readonly scorecard?: string;
  readonly reviewState: ReviewState;
}

/** A call to index in bulk (backfill, benchmarks). */
export interface BulkCall {
  readonly callId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly language: string;
  readonly packs?: readonly string[];
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly findings: ReadonlyArray<{ readonly ruleId: string; readonly category: string; readonly severity: string }>;
  readonly lines: ReadonlyArray<{ readonly utteranceId: string; readonly speaker: string; readonly text: string }>;
  readonly score?: number;
  readonly scorecard?: string;
}

/** Search filters; every one optional, all combined with AND. */
export interface CallQuery {
  readonly agentId?: string;
  readonly teamId?: string;
  /** ISO times: from inclusive, to exclusive (on openedAt). */
  readonly from?: string;
  readonly to?: string;
  /** Primary language match: zh matches zh-CN and zh-TW. */
  readonly language?: string;
  readonly ruleId?: string;
  readonly category?: string;
  readonly scoreMin?: number;
  /** Exclusive. */
  readonly scoreMax?: number;
  readonly reviewState?: ReviewState;
  /** Words or characters that must appear in this order in one transcript line (redacted text). */
  readonly text?: string;
  readonly limit?: number;
  /** From the previous page's nextCursor. */
  readonly cursor?: string;
}

/** One page of search results, newest first. */
export interface CallPage {
  readonly calls: readonly IndexedCall[];
  readonly total: number;
  readonly nextCursor?: string;
  /** For a text query: the matching lines (redacted) of the calls on this page. */
  readonly matches?: Readonly<Record<string, ReadonlyArray<{ utteranceId: string; text: string }>>>;
}

export type EvaluationPurpose = 'review' | 'calibration';

/** A reviewer's evaluation of a call on one scorecard version. */
export interface Evaluation {
  readonly evaluationId: string;
  readonly callId: string;
  /** From the sign-in, never typed. */
  readonly reviewer: string;
  readonly reviewerRole: string;
  readonly purpose: EvaluationPurpose;
  readonly scorecard: string;
  readonly pack: string;
  readonly status: 'draft' | 'submitted';
  /** The reviewer's decisions by item id (automatic items without one follow the findings). */
  readonly items: Readonly<Record<string, ItemOverride>>;
  readonly total?: number;
  readonly passed?: boolean;
  /** Goes up by one with every change: a client sends the one it saw, so two tabs cannot overwrite each other. */
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt?: string;
}

/** One line of an evaluation's history (append-only). */
export interface EvaluationChange {
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  /** create, item, submit, reopen, dispute, resolve */
  readonly action: string;
  readonly itemId?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string;
}

export type DisputeStatus = 'open' | 'upheld' | 'rejected';

/** An agent's objection to one item of a submitted evaluation. */
export interface Dispute {
  readonly disputeId: string;
  readonly evaluationId: string;
  readonly callId: string;
  readonly itemId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly raisedBy: string;
  readonly comment: string;
  readonly status: DisputeStatus;
  readonly resolution?: string;
  readonly resolvedBy?: string;
  readonly createdAt: string;
  readonly resolvedAt?: string;
}

/** A sampling plan: a share of each agent's calls per period, plus every call with a critical finding. */
export interface SamplingPlan {
  readonly planId: string;
  readonly name: string;
  readonly teamId?: string;
  readonly agentId?: string;
  readonly period: 'day' | 'week' | 'month';
  /** 0–1: seed 004's weekly 20 % is 0.2. */
  readonly share: number;
  readonly includeCritical: boolean;
  readonly reviewers: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
}

/** A call put in a reviewer's queue. */
export interface Assignment {
  readonly assignmentId: string;
  readonly planId?: string;
  readonly callId: string;
  readonly reviewer: string;
  readonly purpose: EvaluationPurpose;
  /** sample, critical, calibration */
  readonly reason: string;
  readonly status: 'open' | 'done';
  readonly periodKey?: string;
  readonly createdAt: string;
  readonly doneAt?: string;
}

/** Findings per call and scores, grouped by period and by agent, team or rule. */
export interface TrendRow {
  readonly period: string;
  readonly key: string;
  readonly calls: number;
  readonly findings: number;
  readonly scored: number;
  readonly averageScore?: number;
}

export interface TrendQuery {
  readonly by: 'agent' | 'team' | 'rule';
  readonly period: 'day' | 'week' | 'month';
  readonly from?: string;
  readonly to?: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly ruleId?: string;
}

/**
 * The QA workspace's store, beside the finding store on the same database (SQLite file or PostgreSQL), in tables of its
 * own brought up to date by versioned migrations on open.
 */
export interface QaStore {
  readonly kind: 'sqlite' | 'postgres';
  /** The call index, written from engine outputs. Idempotent. */
  indexCallOpened(call: { callId: string; agentId?: string; teamId?: string; language: string; packs?: readonly string[]; openedAt: string }): Promise<void>;
  indexFinding(finding: { callId: string; key: string; ruleId: string; category: string; severity: string }): Promise<void>;
  indexLine(line: { callId: string; utteranceId: string; speaker: string; text: string }): Promise<void>;
  indexCallClosed(callId: string, closedAt: string): Promise<void>;
  setCallScore(callId: string, score: number | undefined, scorecard: string | undefined): Promise<void>;
  setReviewState(callId: string, state: ReviewState): Promise<void>;
  indexBulk(calls: readonly BulkCall[]): Promise<void>;
  indexedCall(callId: string): Promise<IndexedCall | undefined>;
  /** Ids of indexed calls among these (backfill). */
  indexedAmong(callIds: readonly string[]): Promise<Set<string>>;
  /** Utterance ids of a call's lines in the search index (backfill after redaction). */
  indexedLinesOf(callId: string): Promise<Set<string>>;
  search(query: CallQuery): Promise<CallPage>;

  evaluationFor(callId: string, reviewer: string, purpose: EvaluationPurpose): Promise<Evaluation | undefined>;
  evaluation(evaluationId: string): Promise<Evaluation | undefined>;
  evaluationsOf(callId: string): Promise<Evaluation[]>;
  /** Creates it (with its history line) unless the reviewer already has one for this call and purpose; returns it. */
  createEvaluation(evaluation: Omit<Evaluation, 'evaluationId' | 'revision' | 'createdAt' | 'updatedAt' | 'status' | 'items'>, actor: { subject: string; role: string }): Promise<Evaluation>;
  /**
   * Replaces an evaluation's items, total and status in one transaction with its history line; refused (undefined)
   * when `revision` is not the stored one.
   */
  updateEvaluation(evaluationId: string, revision: number, change: { items: Readonly<Record<string, ItemOverride>>; total?: number; passed?: boolean; status: Evaluation['status'] }, history: Omit<EvaluationChange, 'at'>): Promise<Evaluation | undefined>;
  historyOf(evaluationId: string): Promise<EvaluationChange[]>;
  /** Submitted evaluations, oldest first, a page at a time (streaming export). */
  evaluationsPage(after: string | undefined, limit: number): Promise<Evaluation[]>;

  openDispute(dispute: Omit<Dispute, 'disputeId' | 'status' | 'createdAt'>): Promise<Dispute>;
  dispute(disputeId: string): Promise<Dispute | undefined>;
  disputes(filter: { status?: DisputeStatus; teamId?: string; agentId?: string; evaluationId?: string }): Promise<Dispute[]>;
  resolveDispute(disputeId: string, resolution: { status: 'upheld' | 'rejected'; resolution: string; resolvedBy: string; resolvedRole: string }): Promise<Dispute | undefined>;

  savePlan(plan: Omit<SamplingPlan, 'planId' | 'createdAt'>): Promise<SamplingPlan>;
  plans(): Promise<SamplingPlan[]>;
  plan(planId: string): Promise<SamplingPlan | undefined>;
  /** Calls a plan may draw from in a period: closed, in scope. */
  callsInScope(scope: { teamId?: string; agentId?: string; from: string; to: string }): Promise<IndexedCall[]>;
  /** Adds assignments, skipping any the reviewer already has for the call and purpose; returns those added. */
  assign(assignments: ReadonlyArray<Omit<Assignment, 'assignmentId' | 'status' | 'createdAt'>>): Promise<Assignment[]>;
  queue(reviewer: string, status?: Assignment['status']): Promise<Assignment[]>;
  assignmentsOf(callId: string): Promise<Assignment[]>;
  completeAssignments(callId: string, reviewer: string, purpose: EvaluationPurpose): Promise<void>;

  trends(query: TrendQuery): Promise<TrendRow[]>;
  /** Keeps a scorecard version's definition (once per version). */
  saveScorecard(scorecard: CompiledScorecard): Promise<void>;
  scorecard(ref: string): Promise<CompiledScorecard | undefined>;
  close(): Promise<void>;
}
