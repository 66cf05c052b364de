import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../auth/roles.js';
import type { FindingStore, ReviewVerdict } from '../store/finding-store.js';
import { findingsToCsv } from './findings-export.js';
import { readBody } from './read-body.js';
import { scorecard } from './scorecard.js';

/**
 * The QA review API over the store:
 *   GET  /api/calls[?flagged=1]                       calls, newest first, each with its scorecard
 *   GET  /api/calls/<id>                              the call, its transcript, findings, scorecard and audit trail
 *   POST /api/calls/<id>/findings/<key>/review        {"verdict":"confirmed"|"dismissed","note":"…"} (the reviewer is the signed-in user)
 *   GET  /api/export?format=csv|jsonl[&quotes=0]      every finding with its review, for reports (audited)
 * The caller is already signed in with a role that may read the store (create-server.ts checks). Returns false when
 * the path is not an API path.
 */
export async function handleReviewApi(request: IncomingMessage, response: ServerResponse, store: FindingStore, principal: Principal): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
    return true;
  };
  if (url.pathname === '/api/calls' && request.method === 'GET') {
    const calls = await store.listCalls({ withFindingsOnly: url.searchParams.get('flagged') === '1' });
    const withScores = await Promise.all(calls.map(async (c) => ({ ...c, scorecard: scorecard(await store.findingsOf(c.callId)) })));
    return json(200, withScores);
  }
  const call = /^\/api\/calls\/([^/]+)$/.exec(url.pathname);
  if (call && request.method === 'GET') {
    const callId = decodeURIComponent(call[1] as string);
    const summary = (await store.listCalls({ limit: 100_000 })).find((c) => c.callId === callId);
    if (!summary) return json(404, { error: `no call ${callId} in the store` });
    const findings = await store.findingsOf(callId);
    return json(200, { call: summary, findings, transcript: await store.transcriptOf(callId), scorecard: scorecard(findings), audit: await store.auditOf(callId) });
  }
  const review = /^\/api\/calls\/([^/]+)\/findings\/([^/]+)\/review$/.exec(url.pathname);
  if (review && request.method === 'POST') {
    let body: { verdict?: unknown; reviewer?: unknown; note?: unknown };
    try {
      body = JSON.parse(await readBody(request)) as typeof body;
    } catch {
      return json(400, { error: 'the body must be JSON: {"verdict":"confirmed"|"dismissed","note":"…"}' });
    }
    if (body.verdict !== 'confirmed' && body.verdict !== 'dismissed') return json(400, { error: 'verdict must be "confirmed" or "dismissed"' });
    // Who reviewed is who signed in; a name in the body is refused rather than silently ignored.
    if (body.reviewer !== undefined) return json(400, { error: 'reviewer is taken from your sign-in; do not send it' });
    if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 2000)) return json(400, { error: 'note must be text of at most 2000 characters' });
    const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim() : undefined;
    const changed = await store.review(decodeURIComponent(review[1] as string), decodeURIComponent(review[2] as string), body.verdict as ReviewVerdict, { subject: principal.subject, role: principal.role }, note);
    return changed ? json(200, { ok: true }) : json(404, { error: 'no such finding' });
  }
  if (url.pathname === '/api/export' && request.method === 'GET') {
    const format = url.searchParams.get('format') ?? 'csv';
    const includeQuotes = url.searchParams.get('quotes') !== '0';
    if (format !== 'csv' && format !== 'jsonl') return json(400, { error: 'format must be csv or jsonl' });
    const calls = await store.listCalls({ limit: 100_000, withFindingsOnly: true });
    const findings = (await Promise.all(calls.map((c) => store.findingsOf(c.callId)))).flat();
    await store.audit({ actor: principal.subject, role: principal.role, action: 'export', target: format, after: { findings: findings.length, quotes: includeQuotes } });
    if (format === 'jsonl') {
      response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'content-disposition': 'attachment; filename="findings.jsonl"' });
      response.end(findings.map((f) => JSON.stringify(includeQuotes ? f : { ...f, evidence: { ...f.evidence, quote: undefined } })).join('\n') + '\n');
      return true;
    }
    response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="findings.csv"' });
    response.end('\ufeff' + findingsToCsv(findings, { includeQuotes }));
    return true;
  }
  return url.pathname.startsWith('/api/') ? json(404, { error: 'unknown API path' }) : false;
}
