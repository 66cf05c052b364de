import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FindingStore } from '../../../../adapters/store/finding-store.js';
import { openPostgresFindingStore } from '../../../../adapters/store/postgres-finding-store.js';
import { openQaStore } from '../../../../adapters/store/qa/open-qa-store.js';
import type { BulkCall, QaStore } from '../../../../adapters/store/qa/qa-store.js';
import { openSqliteFindingStore } from '../../../../adapters/store/sqlite-finding-store.js';

// The machine is shared: under load a PostgreSQL round trip can take seconds, which is not what these tests judge.
jest.setTimeout(30_000);

const POSTGRES_URL = process.env.CALLCOACH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `callcoach_qa_test_${process.pid}_${Date.now() % 100_000}`;

let clock = Date.parse('2025-03-10T09:00:00.000Z');
const now = () => new Date((clock += 1000));

interface Opened {
  findings: FindingStore;
  qa: QaStore;
  location: string;
}

const backends: Array<[string, () => Promise<Opened>]> = [
  [
    'sqlite',
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'callcoach-qa-')), 'f.sqlite');
      const findings = openSqliteFindingStore(file);
      return { findings, qa: await openQaStore(file, { now }), location: file };
    },
  ],
  [
    'postgres',
    async () => {
      const findings = await openPostgresFindingStore(POSTGRES_URL, { schema });
      return { findings, qa: await openQaStore(POSTGRES_URL, { schema, now }), location: POSTGRES_URL };
    },
  ],
];

const call = (n: number, overrides: Partial<BulkCall> = {}): BulkCall => ({
  callId: `c-${String(n).padStart(3, '0')}`,
  agentId: n % 2 === 0 ? 'a-1' : 'a-2',
  teamId: n % 3 === 0 ? 't-1' : 't-2',
  language: n % 4 === 0 ? 'en-US' : 'zh-CN',
  openedAt: new Date(Date.parse('2025-03-03T08:00:00.000Z') + n * 3_600_000 * 5).toISOString(),
  closedAt: new Date(Date.parse('2025-03-03T08:10:00.000Z') + n * 3_600_000 * 5).toISOString(),
  findings: n % 5 === 0 ? [{ ruleId: 'zh.forbidden.ni_wen_wo', category: 'forbidden_phrase', severity: 'critical' }] : [],
  lines: [
    { utteranceId: 'u1', speaker: 'agent', text: n % 4 === 0 ? 'Thank you for calling, this is Sam.' : '您好，这里是星河客服中心，工号1024为您服务。' },
    { utteranceId: 'u2', speaker: 'agent', text: n % 5 === 0 ? '你问我，我问谁？' : n % 4 === 0 ? 'That is not my problem, sorry.' : '请您稍等。' },
  ],
  score: 50 + n,
  scorecard: 'zh-CN-qa@1.3.0',
  ...overrides,
});

afterAll(async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe.each(backends)('%s QA store', (name, open) => {
  let stores: Opened;
  beforeAll(async () => {
    stores = await open();
    await stores.qa.indexBulk(Array.from({ length: 30 }, (_, i) => call(i + 1)));
  });
  afterAll(async () => {
    await stores.qa.close();
    await stores.findings.close();
  });

  it('records its migrations and applies none twice when opened again', async () => {
    const again = await openQaStore(stores.location, { schema, now });
    await again.close();
    const rows = name === 'sqlite' ? await sqliteRows(stores.location, 'SELECT version FROM callcoach_qa_migrations ORDER BY version') : await postgresRows('SELECT version FROM callcoach_qa_migrations ORDER BY version');
    expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('filters by agent, team, date range, language, rule, category, score band and review state, newest first', async () => {
    const ids = async (q: Parameters<QaStore['search']>[0]) => (await stores.qa.search({ limit: 200, ...q })).calls.map((c) => c.callId);
    expect(await ids({ agentId: 'a-1', teamId: 't-1' })).toEqual(['c-030', 'c-024', 'c-018', 'c-012', 'c-006']);
    expect(await ids({ language: 'en', scoreMin: 70 })).toEqual(['c-028', 'c-024', 'c-020']);
    expect(await ids({ ruleId: 'zh.forbidden.ni_wen_wo', scoreMax: 65 })).toEqual(['c-010', 'c-005']);
    expect(await ids({ category: 'forbidden_phrase', from: call(10).openedAt, to: call(20).openedAt })).toEqual(['c-015', 'c-010']);
    await stores.qa.setReviewState('c-007', 'reviewed');
    expect(await ids({ reviewState: 'reviewed' })).toEqual(['c-007']);
    const c5 = await stores.qa.indexedCall('c-005');
    expect(c5).toMatchObject({ findings: 1, critical: 1, score: 55, scorecard: 'zh-CN-qa@1.3.0', teamId: 't-2', reviewState: 'unreviewed' });
  });

  it('finds Chinese text of any length and English phrases in the transcript, with the matching lines', async () => {
    const page = await stores.qa.search({ text: '问谁', limit: 3 });
    expect(page.total).toBe(6);
    expect(page.calls.map((c) => c.callId)).toEqual(['c-030', 'c-025', 'c-020']);
    expect(page.matches?.['c-025']).toEqual([{ utteranceId: 'u2', text: '你问我，我问谁？' }]);
    expect((await stores.qa.search({ text: 'NOT my problem' })).calls.map((c) => c.callId)).toEqual(['c-028', 'c-024', 'c-016', 'c-012', 'c-008', 'c-004']);
    expect((await stores.qa.search({ text: 'problem not' })).total).toBe(0);
    expect((await stores.qa.search({ text: '工号1024', agentId: 'a-2', limit: 1 })).total).toBe(15);
  });

  it('pages with a cursor until the last page, and refuses a forged cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await stores.qa.search({ limit: 7, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(30);
      seen.push(...page.calls.map((c) => c.callId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => call(30 - i).callId));
    await expect(stores.qa.search({ cursor: 'bm9wZQ' })).rejects.toThrow('cursor is not one this server gave out');
  });

  it('counts a replayed finding once and drops a transcript line from the index when the finding store rewrites it', async () => {
    await stores.findings.callOpened({ callId: 'live-1', language: 'zh-CN', packs: ['zh-CN-standard@1.3.0'] });
    await stores.qa.indexCallOpened({ callId: 'live-1', agentId: 'a-9', teamId: 't-9', language: 'zh-CN', openedAt: '2025-03-20T10:00:00.000Z' });
    const finding = { callId: 'live-1', key: 'k1', ruleId: 'zh.forbidden.ni_wen_wo', category: 'forbidden_phrase', severity: 'warn' };
    await stores.qa.indexFinding(finding);
    await stores.qa.indexFinding(finding);
    expect(await stores.qa.indexedCall('live-1')).toMatchObject({ findings: 1, critical: 0 });
    const line = { callId: 'live-1', utteranceId: 'u1', speaker: 'customer' as const, text: '我的卡号是6222020200112233445', startMs: 0, endMs: 1000 };
    await stores.findings.saveUtterance(line);
    await stores.qa.indexLine(line);
    expect((await stores.qa.search({ text: '卡号' })).calls.map((c) => c.callId)).toEqual(['live-1']);
    await stores.findings.rewriteCall('live-1', [{ ...line, text: '我的卡号是[卡号 ••3445]' }], []);
    expect((await stores.qa.search({ text: '卡号' })).total).toBe(0);
    expect(await stores.qa.indexedLinesOf('live-1')).toEqual(new Set());
  });

  it('keeps one evaluation per reviewer and purpose, refuses a stale revision, and keeps the history', async () => {
    const actor = { subject: 'lin', role: 'qa' };
    const base = { callId: 'c-005', reviewer: 'lin', reviewerRole: 'qa', purpose: 'review' as const, scorecard: 'zh-CN-qa@1.3.0', pack: 'zh-CN-standard@1.3.0', total: 55 };
    const created = await stores.qa.createEvaluation(base, actor);
    expect(await stores.qa.createEvaluation(base, actor)).toEqual(created);
    expect(created).toMatchObject({ status: 'draft', revision: 1, items: {}, total: 55 });
    const items = { solution: { outcome: 'fail' as const, earned: 6, reason: '没有说明处理时限' } };
    const updated = await stores.qa.updateEvaluation(created.evaluationId, 1, { items, total: 48.5, passed: false, status: 'draft' }, { actor: 'lin', role: 'qa', action: 'item', itemId: 'solution', after: items.solution, reason: items.solution.reason });
    expect(updated).toMatchObject({ revision: 2, items, total: 48.5, passed: false });
    expect(await stores.qa.updateEvaluation(created.evaluationId, 1, { items: {}, status: 'draft' }, { actor: 'lin', role: 'qa', action: 'item' })).toBeUndefined();
    const submitted = await stores.qa.updateEvaluation(created.evaluationId, 2, { items, total: 48.5, passed: false, status: 'submitted' }, { actor: 'lin', role: 'qa', action: 'submit' });
    expect(submitted?.submittedAt).toBeDefined();
    expect((await stores.qa.historyOf(created.evaluationId)).map((h) => [h.action, h.itemId, h.reason])).toEqual([
      ['create', undefined, undefined],
      ['item', 'solution', '没有说明处理时限'],
      ['submit', undefined, undefined],
    ]);
    expect((await stores.qa.evaluationsPage(undefined, 10)).map((e) => e.evaluationId)).toEqual([created.evaluationId]);
    // Another connection sees the three committed lines, and the database itself refuses to change them.
    const counted = name === 'sqlite' ? await sqliteRows(stores.location, 'SELECT count(*) AS n FROM callcoach_qa_history') : await postgresRows(`SELECT count(*)::int AS n FROM ${schema}.callcoach_qa_history`);
    expect(counted).toEqual([{ n: 3 }]);
    const refuse = name === 'sqlite' ? sqliteRows(stores.location, "UPDATE callcoach_qa_history SET actor = 'x'") : postgresRows(`UPDATE ${schema}.callcoach_qa_history SET actor = 'x'`);
    // Read the refusal as text: better-sqlite3's SqliteError comes from outside the test's module realm.
    const refusal: unknown = await refuse.then(() => 'the update went through', (err: unknown) => err);
    expect(String(refusal)).toContain('append-only');
  });

  it('opens a dispute and resolves it once', async () => {
    const [evaluation] = await stores.qa.evaluationsOf('c-005');
    const dispute = await stores.qa.openDispute({ evaluationId: evaluation?.evaluationId ?? '', callId: 'c-005', itemId: 'solution', agentId: 'a-2', teamId: 't-2', raisedBy: 'a-2', comment: '我已经告知了处理时限' });
    expect(dispute).toMatchObject({ status: 'open', itemId: 'solution' });
    expect((await stores.qa.disputes({ status: 'open', teamId: 't-2' })).map((d) => d.disputeId)).toEqual([dispute.disputeId]);
    const resolved = await stores.qa.resolveDispute(dispute.disputeId, { status: 'upheld', resolution: '录音第2分钟确有说明', resolvedBy: 'lead-1', resolvedRole: 'supervisor' });
    expect(resolved).toMatchObject({ status: 'upheld', resolvedBy: 'lead-1', resolution: '录音第2分钟确有说明' });
    expect(await stores.qa.resolveDispute(dispute.disputeId, { status: 'rejected', resolution: 'again', resolvedBy: 'x', resolvedRole: 'admin' })).toBeUndefined();
    expect((await stores.qa.historyOf(evaluation?.evaluationId ?? '')).map((h) => h.action).slice(-2)).toEqual(['dispute', 'resolve']);
  });

  it('keeps plans and a queue per reviewer, assigning a call to a reviewer once', async () => {
    const plan = await stores.qa.savePlan({ name: '每周20%', teamId: 't-2', period: 'week', share: 0.2, includeCritical: true, reviewers: ['lin', 'wu'], createdBy: 'lead' });
    expect(await stores.qa.plans()).toEqual([plan]);
    const added = await stores.qa.assign([
      { planId: plan.planId, callId: 'c-001', reviewer: 'lin', purpose: 'review', reason: 'sample', periodKey: '2025-W10' },
      { planId: plan.planId, callId: 'c-001', reviewer: 'lin', purpose: 'review', reason: 'sample', periodKey: '2025-W10' },
      { planId: plan.planId, callId: 'c-002', reviewer: 'wu', purpose: 'review', reason: 'critical', periodKey: '2025-W10' },
    ]);
    expect(added).toHaveLength(2);
    expect((await stores.qa.queue('lin')).map((a) => a.callId)).toEqual(['c-001']);
    expect((await stores.qa.indexedCall('c-001'))?.reviewState).toBe('assigned');
    await stores.qa.completeAssignments('c-001', 'lin', 'review');
    expect(await stores.qa.queue('lin')).toEqual([]);
    expect((await stores.qa.queue('lin', 'done')).map((a) => a.callId)).toEqual(['c-001']);
    const inScope = await stores.qa.callsInScope({ teamId: 't-1', from: '2025-03-03T00:00:00.000Z', to: '2025-03-04T00:00:00.000Z' });
    expect(inScope.map((c) => c.callId)).toEqual(['c-003']);
  });

  it('groups trends by agent, team or rule per period', async () => {
    const byAgent = await stores.qa.trends({ by: 'agent', period: 'week', to: '2025-03-10T00:00:00.000Z' });
    expect(byAgent).toEqual([
      { period: '2025-W10', key: 'a-1', calls: 15, findings: 3, scored: 15, averageScore: 66 },
      { period: '2025-W10', key: 'a-2', calls: 15, findings: 3, scored: 15, averageScore: 65 },
    ]);
    const byRule = await stores.qa.trends({ by: 'rule', period: 'month', ruleId: 'zh.forbidden.ni_wen_wo', teamId: 't-2' });
    expect(byRule).toEqual([{ period: '2025-03', key: 'zh.forbidden.ni_wen_wo', calls: 20, findings: 4, scored: 4, averageScore: 65 }]);
  });
});

async function sqliteRows(file: string, sql: string): Promise<unknown[]> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file);
  try {
    const statement = db.prepare(sql);
    return statement.reader ? statement.all() : [statement.run()];
  } finally {
    db.close();
  }
}

async function postgresRows(sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
