import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { QaWorkspace } from '../../../adapters/qa/qa-workspace.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import type { FindingStore } from '../../../adapters/store/finding-store.js';
import { openQaStore } from '../../../adapters/store/qa/open-qa-store.js';
import type { QaStore } from '../../../adapters/store/qa/qa-store.js';
import { openSqliteFindingStore } from '../../../adapters/store/sqlite-finding-store.js';
import { redactionFor, type CallEvent, type CompiledPack } from '../../../engine/index.js';
import { bearer } from '../../support/auth.js';
import { callScript } from '../../support/call-script.js';
import { feedCalls } from '../../support/feed-calls.js';
import { packFromYaml } from '../../support/packs.js';

// The shipped pack with its 你问我 rule made critical, so sampling has calls it must always take.
const pack: CompiledPack = packFromYaml(`id: qa-critical
version: 1.3.0
language: zh-CN
extends: zh-CN-standard
rules:
  - id: zh.forbidden.ni_wen_wo
    category: forbidden_phrase
    kind: phrase
    severity: critical
    nudge: 请勿反问
    match: ['(你|您)问我[，]我(去|又|该)?问谁']
`);

const NOW = new Date('2025-03-12T10:00:00.000Z');
let server: RunningServer;
let findings: FindingStore;
let qaStore: QaStore;
let storeFile = '';

function call(callId: string, agentId: string, teamId: string, rude: boolean): CallEvent[] {
  const script = callScript(callId).agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').customer('我的快递没到');
  if (rude) script.agent('你问我，我问谁？');
  script.agent('请问还有其他可以帮您的吗？感谢您的来电，再见。');
  return script.end('customer').events.map((e) => (e.type === 'call.started' ? { ...e, agentId, teamId } : e));
}

// Response shapes vary per route; each assertion names the fields it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api(method: string, path: string, who: Parameters<typeof bearer>, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/qa/${path}`, {
    method,
    headers: { ...(await bearer(...who)), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
}

const QA_LIN: Parameters<typeof bearer> = ['qa', { subject: 'lin' }];
const QA_WU: Parameters<typeof bearer> = ['qa', { subject: 'wu' }];
const LEAD: Parameters<typeof bearer> = ['qa', { subject: 'lead' }];
const AGENT_A1: Parameters<typeof bearer> = ['agent', { agentId: 'A1' }];
const AGENT_A2: Parameters<typeof bearer> = ['agent', { agentId: 'A2' }];
const SUP_T1: Parameters<typeof bearer> = ['supervisor', { subject: 'sup-1', teamId: 'T1' }];
const SUP_T2: Parameters<typeof bearer> = ['supervisor', { subject: 'sup-2', teamId: 'T2' }];

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'callcoach-qa-api-')), 'f.sqlite');
  storeFile = file;
  findings = openSqliteFindingStore(file);
  qaStore = await openQaStore(file);
  const scheduler = new HeapVirtualScheduler();
  const packs = () => [pack];
  const qa = new QaWorkspace(qaStore, findings, packs, redactionFor(undefined, []), () => NOW);
  server = await startServer({ port: 0, host: '127.0.0.1', packs, log: silentLogger, auth: (await import('../../support/auth.js')).testAuth, scheduler, store: findings, qa });
  const calls = Array.from({ length: 10 }, (_, i) => call(`t1-${i}`, 'A1', 'T1', i % 2 === 0));
  await feedCalls(server, scheduler, [...calls, call('t2-0', 'A2', 'T2', true), call('t2-1', 'A2', 'T2', false)]);
});

afterAll(async () => {
  await server?.close();
  await qaStore?.close();
  await findings?.close();
});

describe('QA workspace API', () => {
  let evaluationId = '';
  let callId = '';

  it('samples 20 % of each agent\'s calls plus every critical one, into the reviewers\' queues', async () => {
    const plan = await api('POST', 'plans', LEAD, { name: '每周抽检20%', team: 'T1', period: 'week', share: 0.2, includeCritical: true, reviewers: ['lin', 'wu'] });
    expect(plan.status).toBe(201);
    expect((await api('POST', 'plans', AGENT_A1, { name: 'x', period: 'week', share: 0.2, reviewers: ['a'] })).status).toBe(403);
    expect((await api('POST', `plans/${plan.body.planId}/run`, LEAD, { period: 'last week' })).body.error).toContain('ISO week (2025-W10)');
    const run = await api('POST', `plans/${plan.body.planId}/run`, LEAD, { period: '2025-W11' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ period: '2025-W11', candidates: 10, critical: 5 });
    expect(run.body.sampled).toBeLessThanOrEqual(2);
    expect(run.body.assigned).toBe(run.body.critical + run.body.sampled);
    // Running it again assigns nothing new.
    expect((await api('POST', `plans/${plan.body.planId}/run`, LEAD, { period: '2025-W11' })).body.assigned).toBe(0);
    const lin = (await api('GET', 'queue', QA_LIN)).body as Array<{ callId: string; reason: string }>;
    const wu = (await api('GET', 'queue', QA_WU)).body as Array<{ callId: string }>;
    expect(Math.abs(lin.length - wu.length)).toBeLessThanOrEqual(1);
    expect(lin.length + wu.length).toBe(run.body.assigned);
    callId = (lin.find((a) => a.reason === 'critical') ?? lin[0])?.callId as string;
    expect((await api('GET', `calls?state=assigned&limit=200`, LEAD)).body.total).toBe(run.body.assigned);
  });

  it('opens an auto-filled evaluation, refuses changes without a reason or on a stale revision, and submits once every manual item is scored', async () => {
    const opened = await api('POST', `calls/${callId}/evaluations`, QA_LIN, {});
    expect(opened.status).toBe(200);
    evaluationId = opened.body.evaluation.evaluationId;
    expect(opened.body.score.scorecard).toBe('zh-CN-qa@1.3.0');
    expect(opened.body.score.pending).toBe(6);
    const forbidden = opened.body.score.sections[0].items.find((i: { id: string }) => i.id === 'forbidden');
    expect(forbidden).toMatchObject({ outcome: 'partial', earned: 5, source: 'auto' });
    expect((await api('POST', `evaluations/${evaluationId}/submit`, QA_LIN, { revision: 1 })).body.error).toBe('score every manual item before submitting (still open: red_line, needs, solution, empathy, positive, outcome)');
    expect((await api('POST', `evaluations/${evaluationId}/items/needs`, QA_LIN, { outcome: 'pass', revision: 1 })).body.error).toBe('every change needs a reason');
    expect((await api('POST', `evaluations/${evaluationId}/items/needs`, QA_LIN, { outcome: 'na', reason: 'x', revision: 1 })).body.error).toBe('item needs cannot be marked not applicable');
    expect((await api('POST', `evaluations/${evaluationId}/items/needs`, QA_WU, { outcome: 'pass', reason: 'x', revision: 1 })).status).toBe(403);
    let revision = 1;
    const decisions: Array<[string, Record<string, unknown>]> = [
      ['red_line', { outcome: 'pass', reason: '无重大失误' }],
      ['needs', { outcome: 'pass', reason: '复述了客户的问题' }],
      ['solution', { outcome: 'fail', earned: 4, reason: '没有说明处理时限，客户电话13812345678' }],
      ['empathy', { outcome: 'pass', reason: '先安抚了情绪' }],
      ['positive', { outcome: 'fail', reason: '反问客户' }],
      ['outcome', { outcome: 'na', reason: '无回访' }],
    ];
    for (const [item, change] of decisions) {
      const set = await api('POST', `evaluations/${evaluationId}/items/${item}`, QA_LIN, { ...change, revision });
      expect(set.status).toBe(200);
      revision = set.body.evaluation.revision;
    }
    expect((await api('POST', `evaluations/${evaluationId}/items/needs`, QA_LIN, { outcome: 'fail', reason: 'stale', revision: 1 })).status).toBe(409);
    const submitted = await api('POST', `evaluations/${evaluationId}/submit`, QA_LIN, { revision });
    expect(submitted.status).toBe(200);
    // etiquette: (8 + 5 + 6 + 4 + 4 + 4 + 4 + 1) / 41 × 40 ≈ 35.1 ... as scored; resolution (10 + 4 + 4 + 4) / 30 × 30; satisfaction 10/20 × 30.
    const score = submitted.body.score;
    expect(score.pending).toBe(0);
    expect(score.sections.map((s: { score: number }) => s.score)).toEqual([score.sections[0].score, 22, 15]);
    expect(score.total).toBe(Math.round((score.sections[0].score + 22 + 15) * 10) / 10);
    const history = (await api('GET', `evaluations/${evaluationId}`, QA_LIN)).body.history;
    expect(history.find((h: { itemId?: string }) => h.itemId === 'solution').reason).toBe('没有说明处理时限，客户电话[电话 ••5678]');
    const detail = (await api('GET', `calls/${callId}`, LEAD)).body;
    expect(detail.call).toMatchObject({ reviewState: 'reviewed', score: score.total, scorecard: 'zh-CN-qa@1.3.0' });
    expect((await api('GET', 'queue', QA_LIN)).body.map((a: { callId: string }) => a.callId)).not.toContain(callId);
  });

  it('lets the call\'s agent dispute an item and the team\'s lead resolve it, rescoring the call', async () => {
    const mine = await api('GET', 'calls?limit=200', AGENT_A1);
    expect(mine.body.calls.every((c: { agentId: string }) => c.agentId === 'A1')).toBe(true);
    expect((await api('GET', 'calls?agent=A2', AGENT_A1)).status).toBe(403);
    expect((await api('GET', `calls/t2-0`, AGENT_A1)).status).toBe(403);
    expect((await api('POST', `evaluations/${evaluationId}/disputes`, AGENT_A2, { itemId: 'solution', comment: 'not mine' })).status).toBe(403);
    expect((await api('POST', `evaluations/${evaluationId}/disputes`, QA_WU, { itemId: 'solution', comment: 'x' })).status).toBe(403);
    const dispute = await api('POST', `evaluations/${evaluationId}/disputes`, AGENT_A1, { itemId: 'solution', comment: '我在通话最后说明了三个工作日内处理' });
    expect(dispute.status).toBe(201);
    expect((await api('POST', `evaluations/${evaluationId}/disputes`, AGENT_A1, { itemId: 'solution', comment: 'again' })).status).toBe(409);
    expect((await api('GET', `calls/${callId}`, LEAD)).body.call.reviewState).toBe('disputed');
    expect((await api('GET', 'disputes', SUP_T1)).body.map((d: { disputeId: string }) => d.disputeId)).toEqual([dispute.body.disputeId]);
    expect((await api('GET', 'disputes', SUP_T2)).body).toEqual([]);
    const id = dispute.body.disputeId;
    expect((await api('POST', `disputes/${id}/resolve`, SUP_T2, { status: 'upheld', comment: 'x' })).status).toBe(403);
    expect((await api('POST', `disputes/${id}/resolve`, QA_LIN, { status: 'upheld', comment: 'x' })).body.error).toBe('you scored this evaluation: another lead resolves disputes about it');
    const before = (await api('GET', `evaluations/${evaluationId}`, SUP_T1)).body.score.total;
    const resolved = await api('POST', `disputes/${id}/resolve`, SUP_T1, { status: 'upheld', comment: '录音最后确有说明', outcome: 'pass' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.dispute).toMatchObject({ status: 'upheld', resolvedBy: 'sup-1' });
    expect(resolved.body.view.score.total).toBeGreaterThan(before);
    const after = (await api('GET', `evaluations/${evaluationId}`, AGENT_A1)).body;
    expect(after.evaluation.items.solution).toEqual({ outcome: 'pass', reason: 'dispute upheld: 录音最后确有说明' });
    expect(after.history.map((h: { action: string }) => h.action).slice(-2)).toEqual(['dispute-change', 'resolve']);
    expect((await api('GET', `calls/${callId}`, LEAD)).body.call).toMatchObject({ reviewState: 'reviewed', score: resolved.body.view.score.total });
    expect((await api('POST', `disputes/${id}/resolve`, SUP_T1, { status: 'rejected', comment: 'again' })).status).toBe(409);
  });

  it('shows the variance per item when several reviewers calibrate on one call', async () => {
    expect((await api('POST', 'calls/t1-1/calibration', LEAD, { reviewers: ['lin'] })).status).toBe(400);
    expect((await api('POST', 'calls/t1-1/calibration', LEAD, { reviewers: ['lin', 'wu'] })).body).toEqual({ assigned: 2 });
    for (const [who, solution] of [
      [QA_LIN, 12],
      [QA_WU, 6],
    ] as const) {
      const opened = (await api('POST', 'calls/t1-1/evaluations', who, { purpose: 'calibration' })).body;
      let revision = opened.evaluation.revision;
      for (const item of ['red_line', 'needs', 'solution', 'empathy', 'positive', 'outcome']) {
        const change = item === 'solution' && solution < 12 ? { outcome: 'fail', earned: solution, reason: '部分解决' } : { outcome: 'pass', reason: '符合' };
        revision = (await api('POST', `evaluations/${opened.evaluation.evaluationId}/items/${item}`, who, { ...change, revision })).body.evaluation.revision;
      }
      expect((await api('POST', `evaluations/${opened.evaluation.evaluationId}/submit`, who, { revision })).status).toBe(200);
    }
    const spread = (await api('GET', 'calls/t1-1/calibration', LEAD)).body;
    expect(spread.reviewers).toEqual(['lin', 'wu']);
    expect(spread.items.find((i: { itemId: string }) => i.itemId === 'solution')).toMatchObject({ earned: { lin: 12, wu: 6 }, mean: 9, variance: 9, range: 6 });
    expect(spread.items.find((i: { itemId: string }) => i.itemId === 'needs')).toMatchObject({ variance: 0 });
    expect(spread.totalVariance).toBeGreaterThan(0);
    // A calibration is not the call's review: its state and score are untouched.
    expect((await api('GET', 'calls/t1-1', LEAD)).body.call.reviewState).not.toBe('reviewed');
  });

  it('searches with filters and full text, scoped to the caller\'s team', async () => {
    const rude = await api('GET', `calls?q=${encodeURIComponent('我问谁')}&limit=3`, LEAD);
    expect(rude.body.total).toBe(6);
    expect(rude.body.calls).toHaveLength(3);
    expect(rude.body.nextCursor).toBeDefined();
    const next = await api('GET', `calls?q=${encodeURIComponent('我问谁')}&limit=3&cursor=${rude.body.nextCursor}`, LEAD);
    expect(next.body.calls.map((c: { callId: string }) => c.callId)).not.toContain(rude.body.calls[0].callId);
    expect(rude.body.matches[rude.body.calls[0].callId][0].text).toContain('你问我，我问谁');
    expect((await api('GET', `calls?q=${encodeURIComponent('我问谁')}`, SUP_T1)).body.total).toBe(5);
    expect((await api('GET', 'calls?team=T2', SUP_T1)).status).toBe(403);
    expect((await api('GET', 'calls?rule=zh.forbidden.ni_wen_wo&team=T2', LEAD)).body.calls.map((c: { callId: string }) => c.callId)).toEqual(['t2-0']);
    expect((await api('GET', 'calls?category=forbidden_phrase&language=zh', LEAD)).body.total).toBe(6);
    expect((await api('GET', 'calls?state=reviewed', LEAD)).body.calls.map((c: { callId: string }) => c.callId)).toEqual([callId]);
    expect((await api('GET', 'calls?scoreMin=abc', LEAD)).body.error).toBe('scoreMin must be a number from 0 to 100 (got "abc")');
    expect((await api('GET', 'calls?from=yesterday', LEAD)).body.error).toContain('from must be a date');
    expect((await api('GET', 'calls?state=done', LEAD)).status).toBe(400);
    const low = (await api('GET', 'calls?scoreMax=90&limit=200', LEAD)).body.calls as Array<{ score: number }>;
    expect(low.length).toBeGreaterThan(0);
    expect(low.every((c) => c.score < 90)).toBe(true);
    expect((await api('GET', 'calls', ['ingest'])).status).toBe(403);
  });

  it('gives trends per agent and rule, as JSON or CSV', async () => {
    const byAgent = (await api('GET', 'trends?by=agent&period=week', LEAD)).body;
    expect(byAgent.map((r: { key: string; calls: number; findings: number }) => [r.key, r.calls])).toEqual([
      ['A1', 10],
      ['A2', 2],
    ]);
    expect((await api('GET', 'trends?by=agent&period=week', SUP_T2)).body.map((r: { key: string }) => r.key)).toEqual(['A2']);
    const csv = await api('GET', 'trends?by=rule&period=month&rule=zh.forbidden.ni_wen_wo&format=csv', LEAD);
    expect(csv.body).toBe('period,key,calls,findings,findingsPerCall,scored,averageScore\r\n' + `2025-03,zh.forbidden.ni_wen_wo,12,6,0.5,6,${csv.body.split(',').pop()?.trim()}\r\n`);
    expect((await api('GET', 'trends?by=colour', LEAD)).status).toBe(400);
  });

  it('streams submitted evaluations as JSONL and CSV with personal data masked, audited', async () => {
    const jsonl = await api('GET', 'export/evaluations?format=jsonl', LEAD);
    const rows = (jsonl.body as string).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.callId, r.reviewer, r.purpose])).toEqual(expect.arrayContaining([[callId, 'lin', 'review'], ['t1-1', 'lin', 'calibration'], ['t1-1', 'wu', 'calibration']]));
    expect(rows).toHaveLength(3);
    const csv = (await api('GET', 'export/evaluations?format=csv', LEAD)).body as string;
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 3 * 15);
    expect(csv).not.toContain('13812345678');
    expect(JSON.stringify(rows)).not.toContain('13812345678');
    expect((await api('GET', 'export/evaluations', AGENT_A1)).status).toBe(403);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(storeFile, { readonly: true });
    expect(db.prepare("SELECT actor, target FROM audit_log WHERE action = 'export' ORDER BY id").all()).toEqual([
      { actor: 'lead', target: 'evaluations.jsonl' },
      { actor: 'lead', target: 'evaluations.csv' },
    ]);
    db.close();
  });
});
