import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../auth/roles.js';
import { QA_ERROR_CODES, QaError } from '../qa/qa-error.js';
import { languageOf, type QaWorkspace } from '../qa/qa-workspace.js';
import type { FindingStore } from '../store/finding-store.js';
import { callQueryOf, trendQueryOf } from './qa-query.js';
import { streamEvaluations, trendsToCsv } from './qa-export.js';
import { readBody } from './read-body.js';

/**
 * The QA workspace API (every path under /api/qa/; the caller is signed in, and each handler checks the role):
 *   GET  calls?agent&team&from&to&language&rule&category&scoreMin&scoreMax&state&q&limit&cursor   search, newest first
 *   GET  calls/<id>                      the call: transcript, findings, automatic score, evaluations, disputes, queue entries
 *   POST calls/<id>/findings/<key>/review {verdict, note}   confirm or dismiss a finding; the scores follow
 *   POST calls/<id>/evaluations          {purpose?}  open (or return) your evaluation, auto-filled
 *   GET  evaluations/<id>                the evaluation, its live score and history
 *   POST evaluations/<id>/items/<item>   {outcome, earned?, reason, revision} or {clear: true, reason, revision}
 *   POST evaluations/<id>/submit         {revision}
 *   POST evaluations/<id>/disputes       {itemId, comment}   the call's agent
 *   GET  disputes?status=                open disputes in your scope
 *   POST disputes/<id>/resolve           {status: upheld|rejected, comment, outcome?, earned?}
 *   GET  plans, POST plans {name, team?, agent?, period, share, includeCritical, reviewers}, POST plans/<id>/run {period}
 *   GET  queue                           your open assignments
 *   POST calls/<id>/calibration {reviewers}, GET calls/<id>/calibration   variance per item
 *   GET  trends?by=agent|team|rule&period=day|week|month&from&to&agent&team&rule[&format=csv]
 *   GET  export/evaluations?format=csv|jsonl                             streaming, redacted, audited
 */
export async function handleQaApi(request: IncomingMessage, response: ServerResponse, workspace: QaWorkspace, findings: FindingStore, principal: Principal): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const path = url.pathname.slice('/api/qa/'.length).split('/').map(decodeURIComponent);
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  const method = request.method ?? 'GET';
  try {
    const body = method === 'POST' ? await jsonBody(request) : {};
    // Odd segments are ids (calls/<id>/findings/<key>/review), except under export/.
    const route = `${method} ${path.map((p, i) => (i % 2 === 1 && path[0] !== 'export' ? ':' : p)).join('/')}`;
    const [, id, , sub] = path;
    switch (route) {
      case 'GET calls':
        return json(200, await workspace.qa.search(callQueryOf(url.searchParams, principal)));
      case 'GET calls/:':
        return json(200, await callDetail(workspace, findings, id as string, principal));
      case 'POST calls/:/findings/:/review':
        return json(200, await reviewFinding(workspace, findings, id as string, path[3] as string, body, principal));
      case 'POST calls/:/evaluations':
        return json(200, await workspace.openEvaluation(id as string, principal, body.purpose === 'calibration' ? 'calibration' : 'review'));
      case 'GET evaluations/:': {
        const evaluation = await workspace.evaluation(id as string);
        await mayRead(workspace, evaluation.callId, principal, evaluation);
        return json(200, { ...(await workspace.view(evaluation)), history: await workspace.qa.historyOf(evaluation.evaluationId), disputes: await workspace.qa.disputes({ evaluationId: evaluation.evaluationId }) });
      }
      case 'POST evaluations/:/items/:':
        return json(200, await workspace.setItem(id as string, sub as string, body, revisionOf(body), principal));
      case 'POST evaluations/:/submit':
        return json(200, await workspace.submit(id as string, revisionOf(body), principal));
      case 'POST evaluations/:/disputes':
        return json(201, await workspace.dispute(id as string, String(body.itemId ?? ''), body.comment, principal));
      case 'GET disputes': {
        const status = url.searchParams.get('status') ?? 'open';
        if (status !== 'open' && status !== 'upheld' && status !== 'rejected') throw new QaError(QA_ERROR_CODES.INVALID, 'status must be open, upheld or rejected');
        const scope = principal.role === 'supervisor' ? { teamId: principal.teamId as string } : principal.role === 'agent' ? { agentId: principal.agentId as string } : principal.role === 'qa' || principal.role === 'admin' ? {} : undefined;
        if (!scope) throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a ${principal.role} token cannot see disputes`);
        return json(200, await workspace.qa.disputes({ status, ...scope }));
      }
      case 'POST disputes/:/resolve':
        return json(200, await workspace.resolve(id as string, body, principal));
      case 'GET plans':
        mayPlan(principal);
        return json(200, await workspace.qa.plans());
      case 'POST plans':
        mayPlan(principal);
        return json(201, await workspace.qa.savePlan({ ...planOf(body), createdBy: principal.subject }));
      case 'POST plans/:/run':
        return json(200, await workspace.runPlan(id as string, body.period, principal));
      case 'GET queue':
        return json(200, await workspace.qa.queue(principal.subject));
      case 'POST calls/:/calibration':
        return json(201, { assigned: await workspace.startCalibration(id as string, body.reviewers, principal) });
      case 'GET calls/:/calibration':
        mayPlan(principal);
        return json(200, await workspace.calibration(id as string));
      case 'GET trends': {
        const rows = await workspace.qa.trends(trendQueryOf(url.searchParams, principal));
        if (url.searchParams.get('format') !== 'csv') return json(200, rows);
        response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="trends.csv"', 'cache-control': 'no-store' });
        response.end('\ufeff' + trendsToCsv(rows));
        return;
      }
      case 'GET export/evaluations': {
        mayPlan(principal);
        const format = url.searchParams.get('format') ?? 'csv';
        if (format !== 'csv' && format !== 'jsonl') throw new QaError(QA_ERROR_CODES.INVALID, 'format must be csv or jsonl');
        await findings.audit({ actor: principal.subject, role: principal.role, action: 'export', target: `evaluations.${format}` });
        await streamEvaluations(workspace, response, format);
        return;
      }
      default:
        return json(404, { code: QA_ERROR_CODES.NOT_FOUND, error: `unknown QA API path ${method} ${url.pathname}` });
    }
  } catch (err) {
    if (err instanceof QaError) return json(err.status, { code: err.code, error: err.message });
    if (err instanceof RangeError) return json(400, { code: QA_ERROR_CODES.INVALID, error: err.message });
    throw err;
  }
}

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(request);
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new QaError(QA_ERROR_CODES.INVALID, 'the body must be a JSON object');
}

function revisionOf(body: Record<string, unknown>): number {
  if (body.reviewer !== undefined) throw new QaError(QA_ERROR_CODES.INVALID, 'the reviewer is taken from your sign-in; do not send it');
  if (!Number.isInteger(body.revision)) throw new QaError(QA_ERROR_CODES.INVALID, 'send the revision you loaded (an integer), so a stale page cannot overwrite newer work');
  return body.revision as number;
}

function mayPlan(p: Principal): void {
  if (p.role !== 'qa' && p.role !== 'admin') throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a ${p.role} cannot manage sampling, calibration or exports (QA leads and admins can)`);
}

/** Who may see a call (and which of its evaluations): QA and admin all; a supervisor the team's; an agent their own, submitted reviews only. */
async function mayRead(workspace: QaWorkspace, callId: string, p: Principal, evaluation?: { status: string; purpose: string }): Promise<void> {
  if (p.role === 'qa' || p.role === 'admin') return;
  const call = await workspace.call(callId);
  if (p.role === 'supervisor' && p.teamId !== undefined && call.teamId === p.teamId) return;
  if (p.role === 'agent' && p.agentId !== undefined && call.agentId === p.agentId && (!evaluation || (evaluation.status === 'submitted' && evaluation.purpose === 'review'))) return;
  throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a ${p.role} token may not see call ${callId}${evaluation ? "'s evaluation" : ''}`);
}

async function callDetail(workspace: QaWorkspace, findings: FindingStore, callId: string, p: Principal): Promise<unknown> {
  await mayRead(workspace, callId, p);
  const call = await workspace.call(callId);
  const seeAll = p.role === 'qa' || p.role === 'admin' || p.role === 'supervisor';
  const evaluations = (await workspace.qa.evaluationsOf(callId)).filter((e) => seeAll || (e.status === 'submitted' && e.purpose === 'review'));
  return {
    call,
    transcript: await findings.transcriptOf(callId),
    findings: await findings.findingsOf(callId),
    autoScore: await workspace.autoScore(callId),
    scorecard: workspace.scorecardForCall(call),
    evaluations: await Promise.all(evaluations.map(async (e) => ({ ...(await workspace.view(e)), history: await workspace.qa.historyOf(e.evaluationId) }))),
    disputes: (await Promise.all(evaluations.map((e) => workspace.qa.disputes({ evaluationId: e.evaluationId })))).flat(),
    assignments: seeAll ? await workspace.qa.assignmentsOf(callId) : [],
  };
}

async function reviewFinding(workspace: QaWorkspace, findings: FindingStore, callId: string, key: string, body: Record<string, unknown>, p: Principal): Promise<unknown> {
  if (p.role !== 'qa' && p.role !== 'admin') throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a ${p.role} cannot confirm or dismiss findings`);
  if (body.verdict !== 'confirmed' && body.verdict !== 'dismissed') throw new QaError(QA_ERROR_CODES.INVALID, 'verdict must be "confirmed" or "dismissed"');
  if (body.reviewer !== undefined) throw new QaError(QA_ERROR_CODES.INVALID, 'the reviewer is taken from your sign-in; do not send it');
  if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 2000)) throw new QaError(QA_ERROR_CODES.INVALID, 'note must be text of at most 2000 characters');
  const call = await workspace.call(callId);
  const note = typeof body.note === 'string' && body.note.trim() ? workspace.redactFree(body.note.trim(), languageOf(call.language)) : undefined;
  if (!(await findings.review(callId, key, body.verdict, { subject: p.subject, role: p.role }, note))) throw new QaError(QA_ERROR_CODES.NOT_FOUND, `call ${callId} has no finding ${key}`);
  await workspace.rescore(callId);
  return { ok: true, autoScore: await workspace.autoScore(callId) };
}

function planOf(body: Record<string, unknown>): { name: string; teamId?: string; agentId?: string; period: 'day' | 'week' | 'month'; share: number; includeCritical: boolean; reviewers: string[] } {
  const { name, team, agent, period, share, includeCritical, reviewers } = body;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) throw new QaError(QA_ERROR_CODES.INVALID, 'name: 1 to 200 characters');
  if (period !== 'day' && period !== 'week' && period !== 'month') throw new QaError(QA_ERROR_CODES.INVALID, 'period must be day, week or month');
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) throw new QaError(QA_ERROR_CODES.INVALID, 'share must be a fraction above 0 and at most 1 (0.2 for 20 %)');
  if (!Array.isArray(reviewers) || reviewers.length === 0 || !reviewers.every((r) => typeof r === 'string' && r.length > 0 && r.length <= 200)) throw new QaError(QA_ERROR_CODES.INVALID, 'reviewers must list at least one reviewer name');
  for (const [field, value] of [['team', team], ['agent', agent]] as const) if (value !== undefined && (typeof value !== 'string' || value === '')) throw new QaError(QA_ERROR_CODES.INVALID, `${field} must be an id`);
  return { name: name.trim(), ...(typeof team === 'string' ? { teamId: team } : {}), ...(typeof agent === 'string' ? { agentId: agent } : {}), period, share, includeCritical: includeCritical !== false, reviewers: reviewers as string[] };
}
