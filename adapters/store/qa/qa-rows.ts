import type { Assignment, Dispute, Evaluation, EvaluationChange, IndexedCall, ReviewState, SamplingPlan } from './qa-store.js';

/** Row shapes of the QA tables and their mapping (SQLite and PostgreSQL share them; PostgreSQL counts come as text). */
export interface CallIndexRow {
  call_id: string;
  agent_id: string | null;
  team_id: string | null;
  language: string;
  packs?: string | null;
  opened_at: string;
  closed_at: string | null;
  findings: number | string;
  critical: number | string;
  score: number | string | null;
  scorecard: string | null;
  review_state: string;
}

export function toIndexedCall(row: CallIndexRow): IndexedCall {
  return {
    callId: row.call_id,
    ...(row.agent_id !== null ? { agentId: row.agent_id } : {}),
    ...(row.team_id !== null ? { teamId: row.team_id } : {}),
    language: row.language,
    ...(row.packs ? { packs: JSON.parse(row.packs) as string[] } : {}),
    openedAt: row.opened_at,
    ...(row.closed_at !== null ? { closedAt: row.closed_at } : {}),
    findings: Number(row.findings),
    critical: Number(row.critical),
    ...(row.score !== null ? { score: Number(row.score) } : {}),
    ...(row.scorecard !== null ? { scorecard: row.scorecard } : {}),
    reviewState: row.review_state as ReviewState,
  };
}

export interface EvaluationRow {
  evaluation_id: string;
  call_id: string;
  reviewer: string;
  reviewer_role: string;
  purpose: string;
  scorecard: string;
  pack: string;
  status: string;
  items: string;
  total: number | string | null;
  passed: number | string | null;
  revision: number | string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}

export function toEvaluation(row: EvaluationRow): Evaluation {
  return {
    evaluationId: row.evaluation_id,
    callId: row.call_id,
    reviewer: row.reviewer,
    reviewerRole: row.reviewer_role,
    purpose: row.purpose as Evaluation['purpose'],
    scorecard: row.scorecard,
    pack: row.pack,
    status: row.status as Evaluation['status'],
    items: JSON.parse(row.items) as Evaluation['items'],
    ...(row.total !== null ? { total: Number(row.total) } : {}),
    ...(row.passed !== null ? { passed: Number(row.passed) === 1 } : {}),
    revision: Number(row.revision),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.submitted_at !== null ? { submittedAt: row.submitted_at } : {}),
  };
}

export interface HistoryRow {
  at: string;
  actor: string;
  role: string;
  action: string;
  item_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
}

export function toChange(row: HistoryRow): EvaluationChange {
  return {
    at: row.at,
    actor: row.actor,
    role: row.role,
    action: row.action,
    ...(row.item_id !== null ? { itemId: row.item_id } : {}),
    ...(row.before !== null ? { before: JSON.parse(row.before) as unknown } : {}),
    ...(row.after !== null ? { after: JSON.parse(row.after) as unknown } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

export interface DisputeRow {
  dispute_id: string;
  evaluation_id: string;
  call_id: string;
  item_id: string;
  agent_id: string | null;
  team_id: string | null;
  raised_by: string;
  comment: string;
  status: string;
  resolution: string | null;
  resolved_by: string | null;
  created_at: string;
  resolved_at: string | null;
}

export function toDispute(row: DisputeRow): Dispute {
  return {
    disputeId: row.dispute_id,
    evaluationId: row.evaluation_id,
    callId: row.call_id,
    itemId: row.item_id,
    ...(row.agent_id !== null ? { agentId: row.agent_id } : {}),
    ...(row.team_id !== null ? { teamId: row.team_id } : {}),
    raisedBy: row.raised_by,
    comment: row.comment,
    status: row.status as Dispute['status'],
    ...(row.resolution !== null ? { resolution: row.resolution } : {}),
    ...(row.resolved_by !== null ? { resolvedBy: row.resolved_by } : {}),
    createdAt: row.created_at,
    ...(row.resolved_at !== null ? { resolvedAt: row.resolved_at } : {}),
  };
}

export interface PlanRow {
  plan_id: string;
  name: string;
  team_id: string | null;
  agent_id: string | null;
  period: string;
  share: number | string;
  include_critical: number | string;
  reviewers: string;
  created_by: string;
  created_at: string;
}

export function toPlan(row: PlanRow): SamplingPlan {
  return {
    planId: row.plan_id,
    name: row.name,
    ...(row.team_id !== null ? { teamId: row.team_id } : {}),
    ...(row.agent_id !== null ? { agentId: row.agent_id } : {}),
    period: row.period as SamplingPlan['period'],
    share: Number(row.share),
    includeCritical: Number(row.include_critical) === 1,
    reviewers: JSON.parse(row.reviewers) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export interface AssignmentRow {
  assignment_id: string;
  plan_id: string | null;
  call_id: string;
  reviewer: string;
  purpose: string;
  reason: string;
  status: string;
  period_key: string | null;
  created_at: string;
  done_at: string | null;
}

export function toAssignment(row: AssignmentRow): Assignment {
  return {
    assignmentId: row.assignment_id,
    ...(row.plan_id !== null ? { planId: row.plan_id } : {}),
    callId: row.call_id,
    reviewer: row.reviewer,
    purpose: row.purpose as Assignment['purpose'],
    reason: row.reason,
    status: row.status as Assignment['status'],
    ...(row.period_key !== null ? { periodKey: row.period_key } : {}),
    createdAt: row.created_at,
    ...(row.done_at !== null ? { doneAt: row.done_at } : {}),
  };
}
