import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { findingId, type Finding, type TranscriptLine } from '../../engine/index.js';
import type { Actor, AuditEntry, FindingStore, ReviewVerdict } from './finding-store.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { toAudit, toCall, toFinding, toLine, type AuditRow, type CallRow, type FindingRow, type UtteranceRow } from './store-rows.js';

/** The embedded store: one SQLite file, no server. */
export function openSqliteFindingStore(file: string): FindingStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Overwritten and deleted content is zeroed on disk, not left in free pages (transcripts hold personal data).
  db.pragma('secure_delete = ON');
  migrateSqlite(db);
  const insertCall = db.prepare(
    `INSERT INTO calls (call_id, agent_id, language, packs, opened_at) VALUES (@callId, @agentId, @language, @packs, @openedAt)
     ON CONFLICT (call_id) DO UPDATE SET agent_id = excluded.agent_id, language = excluded.language, packs = excluded.packs`,
  );
  const closeCall = db.prepare('UPDATE calls SET closed_at = ?, close_reason = ? WHERE call_id = ?');
  const insertFinding = db.prepare(
    // A replay re-derives the same id: the row is refreshed (never once a reviewer has judged it), never duplicated.
    `INSERT INTO findings (finding_id, call_id, key, category, rule_id, pack_id, pack_version, severity, utterance_id, at_ms, confirmed_at_ms, evidence)
     VALUES (@findingId, @callId, @key, @category, @ruleId, @packId, @packVersion, @severity, @utteranceId, @atMs, @confirmedAtMs, @evidence)
     ON CONFLICT (finding_id) DO UPDATE SET category = excluded.category, rule_id = excluded.rule_id, pack_id = excluded.pack_id,
       pack_version = excluded.pack_version, severity = excluded.severity, utterance_id = excluded.utterance_id, at_ms = excluded.at_ms,
       confirmed_at_ms = excluded.confirmed_at_ms, evidence = excluded.evidence
     WHERE findings.review_verdict IS NULL`,
  );
  const listCalls = db.prepare(
    `SELECT c.*, (SELECT COUNT(*) FROM findings f WHERE f.call_id = c.call_id) AS findings FROM calls c ORDER BY c.opened_at DESC LIMIT ?`,
  );
  const findingsOf = db.prepare('SELECT * FROM findings WHERE call_id = ? ORDER BY at_ms, key');
  const insertUtterance = db.prepare(
    'INSERT OR IGNORE INTO utterances (call_id, utterance_id, speaker, text, start_ms, end_ms) VALUES (@callId, @utteranceId, @speaker, @text, @startMs, @endMs)',
  );
  const transcriptOf = db.prepare('SELECT * FROM utterances WHERE call_id = ? ORDER BY start_ms, utterance_id');
  const review = db.prepare('UPDATE findings SET review_verdict = ?, reviewer = ?, review_note = ?, reviewed_at = ? WHERE call_id = ? AND key = ?');
  const reviewOf = db.prepare('SELECT review_verdict, reviewer, review_note, reviewed_at FROM findings WHERE call_id = ? AND key = ?');
  const insertAudit = db.prepare('INSERT INTO audit_log (at, actor, role, action, call_id, target, before, after) VALUES (@at, @actor, @role, @action, @callId, @target, @before, @after)');
  const auditOf = db.prepare('SELECT * FROM audit_log WHERE call_id = ? ORDER BY id');
  const appendAudit = (entry: Omit<AuditEntry, 'at'>, at: string) =>
    insertAudit.run({ at, actor: entry.actor, role: entry.role, action: entry.action, callId: entry.callId ?? null, target: entry.target ?? null, before: entry.before === undefined ? null : JSON.stringify(entry.before), after: entry.after === undefined ? null : JSON.stringify(entry.after) });
  // The verdict and its audit line land together or not at all.
  const reviewWithAudit = db.transaction((callId: string, key: string, verdict: ReviewVerdict, actor: Actor, note: string | undefined) => {
    const previous = reviewOf.get(callId, key) as { review_verdict: string | null; reviewer: string | null; review_note: string | null; reviewed_at: string | null } | undefined;
    if (!previous) return false;
    const at = new Date().toISOString();
    review.run(verdict, actor.subject, note ?? null, at, callId, key);
    const before = previous.review_verdict ? { verdict: previous.review_verdict, reviewer: previous.reviewer, ...(previous.review_note ? { note: previous.review_note } : {}) } : null;
    appendAudit({ actor: actor.subject, role: actor.role, action: 'review', callId, target: key, before, after: { verdict, reviewer: actor.subject, ...(note ? { note } : {}) } }, at);
    return true;
  });

  const updateLine = db.prepare('UPDATE utterances SET text = ? WHERE call_id = ? AND utterance_id = ?');
  const updateEvidence = db.prepare('UPDATE findings SET evidence = ? WHERE call_id = ? AND key = ?');
  const rewriteCall = db.transaction((callId: string, lines: readonly TranscriptLine[], findings: readonly Finding[]) => {
    for (const line of lines) updateLine.run(line.text, callId, line.utteranceId);
    for (const finding of findings) updateEvidence.run(JSON.stringify(finding.evidence), callId, finding.key);
  });

  return {
    kind: 'sqlite',
    callOpened: async (call) => {
      insertCall.run({ callId: call.callId, agentId: call.agentId ?? null, language: call.language, packs: JSON.stringify(call.packs), openedAt: new Date().toISOString() });
    },
    callClosed: async (callId, reason) => {
      closeCall.run(new Date().toISOString(), reason, callId);
    },
    saveFinding: async (finding: Finding) => {
      insertFinding.run({ ...finding, findingId: findingId(finding.callId, finding.key), utteranceId: finding.utteranceId ?? null, evidence: JSON.stringify(finding.evidence) });
    },
    saveUtterance: async (line) => {
      insertUtterance.run(line);
    },
    transcriptOf: async (callId) => (transcriptOf.all(callId) as UtteranceRow[]).map(toLine),
    listCalls: async (options = {}) => {
      const rows = listCalls.all(options.limit ?? 200) as CallRow[];
      return rows.map(toCall).filter((c) => !options.withFindingsOnly || c.findings > 0);
    },
    findingsOf: async (callId) => (findingsOf.all(callId) as FindingRow[]).map(toFinding),
    review: async (callId, key, verdict, actor, note) => reviewWithAudit(callId, key, verdict, actor, note),
    audit: async (entry) => {
      appendAudit(entry, new Date().toISOString());
    },
    auditOf: async (callId) => (auditOf.all(callId) as AuditRow[]).map(toAudit),
    rewriteCall: async (callId, lines, findings) => {
      rewriteCall(callId, lines, findings);
    },
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    compact: async () => {
      // Fold the write-ahead log back in (its frames still hold the old text), then rebuild the file.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: async () => {
      db.close();
    },
  };
}

