import type { ServerResponse } from 'node:http';
import { languageOf, type QaWorkspace } from '../qa/qa-workspace.js';
import type { TrendRow } from '../store/qa/qa-store.js';

const PAGE = 500;

/** RFC 4180 cell. */
export function csvCell(value: string | number | boolean | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Trend rows as CSV (findings per call included). */
export function trendsToCsv(rows: readonly TrendRow[]): string {
  const header = ['period', 'key', 'calls', 'findings', 'findingsPerCall', 'scored', 'averageScore'];
  const lines = rows.map((r) => [r.period, r.key, r.calls, r.findings, r.calls ? Math.round((r.findings / r.calls) * 1000) / 1000 : '', r.scored, r.averageScore].map(csvCell).join(','));
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/**
 * Streams every submitted evaluation, a page at a time with backpressure (memory stays flat however many there are):
 * JSONL one evaluation per line with its items; CSV one row per item. Reasons pass the redaction again on the way out,
 * so a policy tightened since they were written applies too. Returns how many evaluations were written.
 */
export async function streamEvaluations(workspace: QaWorkspace, response: ServerResponse, format: 'csv' | 'jsonl'): Promise<number> {
  response.writeHead(200, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename="evaluations.${format}"`,
    'cache-control': 'no-store',
  });
  const write = (chunk: string) => (response.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => response.once('drain', () => resolve())));
  if (format === 'csv') await write('\ufeff' + ['evaluationId', 'callId', 'agentId', 'teamId', 'reviewer', 'purpose', 'scorecard', 'total', 'passed', 'submittedAt', 'section', 'item', 'outcome', 'earned', 'points', 'source', 'reason'].join(',') + '\r\n');
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const page = await workspace.qa.evaluationsPage(after, PAGE);
    if (page.length === 0) break;
    for (const evaluation of page) {
      const [view, call] = await Promise.all([workspace.view(evaluation), workspace.qa.indexedCall(evaluation.callId)]);
      const language = languageOf(call?.language ?? '');
      const items = view.score.sections.flatMap((s) => s.items.map((i) => ({ section: s.id, ...i, reason: i.override ? workspace.redactFree(i.override.reason, language) : undefined })));
      const head = { evaluationId: evaluation.evaluationId, callId: evaluation.callId, agentId: call?.agentId, teamId: call?.teamId, reviewer: evaluation.reviewer, purpose: evaluation.purpose, scorecard: view.score.scorecard, total: view.score.total, passed: view.score.passed, submittedAt: evaluation.submittedAt };
      if (format === 'jsonl') {
        await write(JSON.stringify({ ...head, items: items.map((i) => ({ section: i.section, item: i.id, outcome: i.outcome, earned: i.earned, points: i.points, source: i.source, reason: i.reason, findings: i.findingKeys })) }) + '\n');
      } else {
        const prefix = [head.evaluationId, head.callId, head.agentId, head.teamId, head.reviewer, head.purpose, head.scorecard, head.total, head.passed, head.submittedAt].map(csvCell).join(',');
        await write(items.map((i) => `${prefix},${[i.section, i.id, i.outcome, i.earned, i.points, i.source, i.reason].map(csvCell).join(',')}\r\n`).join(''));
      }
      count++;
    }
    after = page[page.length - 1]?.evaluationId;
  }
  response.end();
  return count;
}
