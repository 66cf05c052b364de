import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import type { FindingStore } from '../../../adapters/store/finding-store.js';
import { openSqliteFindingStore } from '../../../adapters/store/sqlite-finding-store.js';
import { bearer, testAuth } from '../../support/auth.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { feedCalls } from '../../support/feed-calls.js';

let server: RunningServer;
let store: FindingStore;

beforeAll(async () => {
  const scheduler = new HeapVirtualScheduler();
  store = openSqliteFindingStore(join(mkdtempSync(join(tmpdir(), 'callcoach-review-')), 'f.sqlite'));
  server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, scheduler, store, auth: testAuth });
  await feedCalls(server, scheduler, [
    callScript('r-1').agent('您好。').customer('我的快递没到').agent('这个不关我的事！').agent('好，就这样吧。').end('agent').events,
    callScript('r-2').agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').agent('请问还有其他可以帮您的吗？').agent('感谢您的来电，再见！').end('customer').events,
  ]);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

/** The API as QA lead qa-1 (a bearer token: a program, so no CSRF cookie is involved). */
const api = async (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, { ...init, headers: { ...(await bearer('qa', { subject: 'qa-1' })), ...(init?.headers as Record<string, string>) } });

describe('review API', () => {
  it('lists flagged calls with a scorecard', async () => {
    const calls = (await (await api('/api/calls?flagged=1')).json()) as Array<{ callId: string; scorecard: { score: number } }>;
    expect(calls.map((c) => c.callId)).toEqual(['r-1']);
    expect(calls[0]?.scorecard.score).toBeLessThan(100);
    const all = (await (await api('/api/calls')).json()) as unknown[];
    expect(all).toHaveLength(2);
  });

  it('returns a call with its transcript, findings and evidence spans', async () => {
    const detail = (await (await api('/api/calls/r-1')).json()) as { transcript: Array<{ utteranceId: string; text: string }>; findings: Array<{ ruleId: string; evidence: { spans?: Array<{ start: number; end: number }> }; utteranceId?: string }> };
    expect(detail.transcript.map((l) => l.utteranceId)).toEqual(['u1', 'u2', 'u3', 'u4']);
    const phrase = detail.findings.find((f) => f.ruleId === 'zh.forbidden.bu_guan_wo');
    const line = detail.transcript.find((l) => l.utteranceId === phrase?.utteranceId);
    const span = phrase?.evidence.spans?.[0];
    expect(line?.text.slice(span?.start, span?.end)).toBe('不关我的事');
  });

  it('records a verdict, and a dismissed finding no longer costs points', async () => {
    const before = (await (await api('/api/calls/r-1')).json()) as { scorecard: { score: number }; findings: Array<{ key: string; ruleId: string }> };
    const key = before.findings.find((f) => f.ruleId === 'zh.forbidden.bu_guan_wo')?.key as string;
    const post = await api(`/api/calls/r-1/findings/${encodeURIComponent(key)}/review`, { method: 'POST', body: JSON.stringify({ verdict: 'dismissed', note: 'quoting the customer' }) });
    expect(post.status).toBe(200);
    const after = (await (await api('/api/calls/r-1')).json()) as { scorecard: { score: number; dismissed: number } };
    expect(after.scorecard.dismissed).toBe(1);
    expect(after.scorecard.score).toBeGreaterThan(before.scorecard.score);
  });

  it('refuses a bad review with a sentence, and an unknown finding with 404', async () => {
    const bad = await api('/api/calls/r-1/findings/x/review', { method: 'POST', body: '{"verdict":"maybe"}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('confirmed');
    expect((await api('/api/calls/r-1/findings/x/review', { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await api('/api/calls/r-1/findings/nope/review', { method: 'POST', body: '{"verdict":"confirmed"}' })).status).toBe(404);
    expect((await api('/api/calls/nope')).status).toBe(404);
    const named = await api('/api/calls/r-1/findings/x/review', { method: 'POST', body: '{"verdict":"confirmed","reviewer":"someone-else"}' });
    expect(named.status).toBe(400);
    expect(((await named.json()) as { error: string }).error).toContain('sign-in');
  });

  it('keeps every review in the audit log, with who, before and after, shown on the call', async () => {
    const detail = (await (await api('/api/calls/r-1')).json()) as { findings: Array<{ key: string; ruleId: string }>; audit: unknown[] };
    const key = detail.findings.find((f) => f.ruleId === 'zh.forbidden.bu_guan_wo')?.key as string;
    const lead = await bearer('qa', { subject: 'qa-lead-2' });
    await fetch(`${server.url}/api/calls/r-1/findings/${encodeURIComponent(key)}/review`, { method: 'POST', headers: lead, body: '{"verdict":"confirmed","note":"on second listen, the agent said it"}' });
    const after = (await (await api('/api/calls/r-1')).json()) as { audit: Array<Record<string, unknown>>; findings: Array<{ key: string; review?: { reviewer: string } }> };
    const trail = after.audit.filter((a) => a.target === key);
    expect(trail).toEqual([
      expect.objectContaining({ actor: 'qa-1', role: 'qa', action: 'review', before: null, after: { verdict: 'dismissed', reviewer: 'qa-1', note: 'quoting the customer' } }),
      expect.objectContaining({ actor: 'qa-lead-2', action: 'review', before: { verdict: 'dismissed', reviewer: 'qa-1', note: 'quoting the customer' }, after: { verdict: 'confirmed', reviewer: 'qa-lead-2', note: 'on second listen, the agent said it' } }),
    ]);
    expect(after.findings.find((f) => f.key === key)?.review?.reviewer).toBe('qa-lead-2');
    // Put it back the way the export test expects it.
    await api(`/api/calls/r-1/findings/${encodeURIComponent(key)}/review`, { method: 'POST', body: JSON.stringify({ verdict: 'dismissed', note: 'quoting the customer' }) });
  });

  it('exports findings as CSV with the review, and can leave the quotes out', async () => {
    const csv = await (await api('/api/export?format=csv')).text();
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('callId,category,ruleId,pack,severity,utteranceId,atMs,explanation,quote,review,reviewer,note');
    expect(csv).toContain('不关我的事');
    expect(csv).toContain('dismissed,qa-1,quoting the customer');
    const noQuotes = await (await api('/api/export?format=csv&quotes=0')).text();
    expect(noQuotes).not.toContain('不关我的事');
    const jsonl = await (await api('/api/export?format=jsonl')).text();
    expect(jsonl.trim().split('\n').length).toBe(lines.length - 1);
  });
});
