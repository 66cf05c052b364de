import { randomUUID } from 'node:crypto';
import type { QaStore } from './qa-store.js';
import { toAssignment, toChange, toDispute, toEvaluation, toPlan, type AssignmentRow, type DisputeRow, type EvaluationRow, type HistoryRow, type PlanRow } from './qa-rows.js';
import type { SqlDriver, SqlValue } from './sql-driver.js';

type ReviewMethods = Omit<
  QaStore,
  'kind' | 'close' | 'indexCallOpened' | 'indexFinding' | 'indexLine' | 'indexCallClosed' | 'setCallScore' | 'setReviewState' | 'indexBulk' | 'indexedCall' | 'indexedAmong' | 'indexedLinesOf' | 'search' | 'trends' | 'callsInScope' | 'scorecard' | 'saveScorecard'
>;

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** Evaluations with their history, disputes, sampling plans and review queues over one SQL driver. */
export function reviewQueries(db: SqlDriver, now: () => Date): ReviewMethods {
  const appendHistory = (tx: SqlDriver, evaluationId: string, callId: string, at: string, change: { actor: string; role: string; action: string; itemId?: string; before?: unknown; after?: unknown; reason?: string }) =>
    tx.run('INSERT INTO callcoach_qa_history (evaluation_id, call_id, at, actor, role, action, item_id, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      evaluationId,
      callId,
      at,
      change.actor,
      change.role,
      change.action,
      change.itemId ?? null,
      json(change.before),
      json(change.after),
      change.reason ?? null,
    ]);
  const evaluationById = async (tx: SqlDriver, id: string) => {
    const [row] = await tx.all<EvaluationRow>('SELECT * FROM callcoach_qa_evaluations WHERE evaluation_id = ?', [id]);
    return row ? toEvaluation(row) : undefined;
  };
  const evaluationFor = async (tx: SqlDriver, callId: string, reviewer: string, purpose: string) => {
    const [row] = await tx.all<EvaluationRow>('SELECT * FROM callcoach_qa_evaluations WHERE call_id = ? AND reviewer = ? AND purpose = ?', [callId, reviewer, purpose]);
    return row ? toEvaluation(row) : undefined;
  };

  return {
    evaluationFor: (callId, reviewer, purpose) => evaluationFor(db, callId, reviewer, purpose),
    evaluation: (id) => evaluationById(db, id),
    evaluationsOf: async (callId) => (await db.all<EvaluationRow>('SELECT * FROM callcoach_qa_evaluations WHERE call_id = ? ORDER BY created_at, evaluation_id', [callId])).map(toEvaluation),
    createEvaluation: (e, actor) =>
      db.tx(async (tx) => {
        const existing = await evaluationFor(tx, e.callId, e.reviewer, e.purpose);
        if (existing) return existing;
        const at = now().toISOString();
        const id = randomUUID();
        await tx.run(
          `INSERT INTO callcoach_qa_evaluations (evaluation_id, call_id, reviewer, reviewer_role, purpose, scorecard, pack, status, items, total, passed, revision, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', '{}', ?, ?, 1, ?, ?)`,
          [id, e.callId, e.reviewer, e.reviewerRole, e.purpose, e.scorecard, e.pack, e.total ?? null, e.passed === undefined ? null : e.passed ? 1 : 0, at, at],
        );
        await appendHistory(tx, id, e.callId, at, { actor: actor.subject, role: actor.role, action: 'create', after: { scorecard: e.scorecard, purpose: e.purpose, total: e.total ?? null } });
        return (await evaluationById(tx, id)) as NonNullable<Awaited<ReturnType<typeof evaluationById>>>;
      }),
    updateEvaluation: (id, revision, change, history) =>
      db.tx(async (tx) => {
        const at = now().toISOString();
        const submitted = change.status === 'submitted' ? at : null;
        const changed = await tx.run(
          `UPDATE callcoach_qa_evaluations SET items = ?, total = ?, passed = ?, status = ?, revision = revision + 1, updated_at = ?,
             submitted_at = CASE WHEN ? = 'submitted' THEN COALESCE(submitted_at, ?) ELSE NULL END
           WHERE evaluation_id = ? AND revision = ?`,
          [JSON.stringify(change.items), change.total ?? null, change.passed === undefined ? null : change.passed ? 1 : 0, change.status, at, change.status, submitted, id, revision],
        );
        if (changed === 0) return undefined;
        const updated = (await evaluationById(tx, id)) as NonNullable<Awaited<ReturnType<typeof evaluationById>>>;
        await appendHistory(tx, id, updated.callId, at, history);
        return updated;
      }),
    historyOf: async (id) => (await db.all<HistoryRow>('SELECT * FROM callcoach_qa_history WHERE evaluation_id = ? ORDER BY id', [id])).map(toChange),
    evaluationsPage: async (after, limit) =>
      (
        await db.all<EvaluationRow>(
          `SELECT * FROM callcoach_qa_evaluations WHERE status = 'submitted' ${after !== undefined ? 'AND evaluation_id > ?' : ''} ORDER BY evaluation_id LIMIT ?`,
          after !== undefined ? [after, limit] : [limit],
        )
      ).map(toEvaluation),

    openDispute: (d) =>
      db.tx(async (tx) => {
        const at = now().toISOString();
        const id = randomUUID();
        await tx.run(
          `INSERT INTO callcoach_qa_disputes (dispute_id, evaluation_id, call_id, item_id, agent_id, team_id, raised_by, comment, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
          [id, d.evaluationId, d.callId, d.itemId, d.agentId ?? null, d.teamId ?? null, d.raisedBy, d.comment, at],
        );
        await appendHistory(tx, d.evaluationId, d.callId, at, { actor: d.raisedBy, role: 'agent', action: 'dispute', itemId: d.itemId, after: { disputeId: id }, reason: d.comment });
        const [row] = await tx.all<DisputeRow>('SELECT * FROM callcoach_qa_disputes WHERE dispute_id = ?', [id]);
        return toDispute(row as DisputeRow);
      }),
    dispute: async (id) => {
      const [row] = await db.all<DisputeRow>('SELECT * FROM callcoach_qa_disputes WHERE dispute_id = ?', [id]);
      return row ? toDispute(row) : undefined;
    },
    disputes: async (filter) => {
      const where: string[] = [];
      const params: SqlValue[] = [];
      const columns = { status: 'status', teamId: 'team_id', agentId: 'agent_id', evaluationId: 'evaluation_id' } as const;
      for (const [field, column] of Object.entries(columns) as Array<[keyof typeof columns, string]>) {
        const value = filter[field];
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        params.push(value);
      }
      const rows = await db.all<DisputeRow>(`SELECT * FROM callcoach_qa_disputes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, dispute_id LIMIT 1000`, params);
      return rows.map(toDispute);
    },
    resolveDispute: (id, r) =>
      db.tx(async (tx) => {
        const at = now().toISOString();
        const changed = await tx.run(`UPDATE callcoach_qa_disputes SET status = ?, resolution = ?, resolved_by = ?, resolved_role = ?, resolved_at = ? WHERE dispute_id = ? AND status = 'open'`, [
          r.status,
          r.resolution,
          r.resolvedBy,
          r.resolvedRole,
          at,
          id,
        ]);
        if (changed === 0) return undefined;
        const [row] = await tx.all<DisputeRow>('SELECT * FROM callcoach_qa_disputes WHERE dispute_id = ?', [id]);
        const dispute = toDispute(row as DisputeRow);
        await appendHistory(tx, dispute.evaluationId, dispute.callId, at, { actor: r.resolvedBy, role: r.resolvedRole, action: 'resolve', itemId: dispute.itemId, after: { disputeId: id, status: r.status }, reason: r.resolution });
        return dispute;
      }),

    savePlan: async (p) => {
      const plan = { ...p, planId: randomUUID(), createdAt: now().toISOString() };
      await db.run('INSERT INTO callcoach_qa_plans (plan_id, name, team_id, agent_id, period, share, include_critical, reviewers, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        plan.planId,
        plan.name,
        plan.teamId ?? null,
        plan.agentId ?? null,
        plan.period,
        plan.share,
        plan.includeCritical ? 1 : 0,
        JSON.stringify(plan.reviewers),
        plan.createdBy,
        plan.createdAt,
      ]);
      return plan;
    },
    plans: async () => (await db.all<PlanRow>('SELECT * FROM callcoach_qa_plans ORDER BY created_at, plan_id')).map(toPlan),
    plan: async (id) => {
      const [row] = await db.all<PlanRow>('SELECT * FROM callcoach_qa_plans WHERE plan_id = ?', [id]);
      return row ? toPlan(row) : undefined;
    },
    assign: (assignments) =>
      db.tx(async (tx) => {
        const at = now().toISOString();
        const added = [];
        for (const a of assignments) {
          const id = randomUUID();
          const n = await tx.run(
            `INSERT INTO callcoach_qa_assignments (assignment_id, plan_id, call_id, reviewer, purpose, reason, status, period_key, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)
             ON CONFLICT (call_id, reviewer, purpose) DO NOTHING`,
            [id, a.planId ?? null, a.callId, a.reviewer, a.purpose, a.reason, a.periodKey ?? null, at],
          );
          if (n > 0) {
            added.push({ ...a, assignmentId: id, status: 'open' as const, createdAt: at });
            await tx.run("UPDATE callcoach_qa_calls SET review_state = 'assigned' WHERE call_id = ? AND review_state = 'unreviewed'", [a.callId]);
          }
        }
        return added;
      }),
    queue: async (reviewer, status = 'open') => (await db.all<AssignmentRow>('SELECT * FROM callcoach_qa_assignments WHERE reviewer = ? AND status = ? ORDER BY created_at, call_id LIMIT 1000', [reviewer, status])).map(toAssignment),
    assignmentsOf: async (callId) => (await db.all<AssignmentRow>('SELECT * FROM callcoach_qa_assignments WHERE call_id = ? ORDER BY created_at, reviewer', [callId])).map(toAssignment),
    completeAssignments: async (callId, reviewer, purpose) => {
      await db.run("UPDATE callcoach_qa_assignments SET status = 'done', done_at = ? WHERE call_id = ? AND reviewer = ? AND purpose = ? AND status = 'open'", [now().toISOString(), callId, reviewer, purpose]);
    },
  };
}
