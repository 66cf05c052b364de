import type { StoredFinding } from '../store/finding-store.js';

const COLUMNS = ['callId', 'category', 'ruleId', 'pack', 'severity', 'utteranceId', 'atMs', 'explanation', 'quote', 'review', 'reviewer', 'note'] as const;

/** Findings as CSV (RFC 4180 quoting), one row per finding, for spreadsheets and QA reports. */
export function findingsToCsv(findings: readonly StoredFinding[], options: { includeQuotes: boolean }): string {
  const rows = findings.map((f) => [
    f.callId,
    f.category,
    f.ruleId,
    `${f.packId}@${f.packVersion}`,
    f.severity,
    f.utteranceId ?? '',
    String(f.atMs),
    f.evidence.explanation,
    options.includeQuotes ? (f.evidence.quote ?? '') : '',
    f.review?.verdict ?? '',
    f.review?.reviewer ?? '',
    f.review?.note ?? '',
  ]);
  return [COLUMNS.join(','), ...rows.map((r) => r.map(quote).join(','))].join('\r\n') + '\r\n';
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
