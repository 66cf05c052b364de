/** One versioned step of the QA schema, in each dialect. Never edit a shipped step: add the next one. */
export interface QaMigration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

// Tables both dialects share, written once: {serial} and {real} are the dialect's auto-increment key and float.
const COMMON = `
CREATE TABLE callcoach_qa_calls (
  call_id TEXT PRIMARY KEY, agent_id TEXT, team_id TEXT, language TEXT NOT NULL,
  opened_at TEXT NOT NULL, day TEXT NOT NULL, week TEXT NOT NULL, month TEXT NOT NULL, closed_at TEXT,
  findings INTEGER NOT NULL DEFAULT 0, critical INTEGER NOT NULL DEFAULT 0,
  score {real}, scorecard TEXT, review_state TEXT NOT NULL DEFAULT 'unreviewed'
);
CREATE INDEX callcoach_qa_calls_opened ON callcoach_qa_calls (opened_at, call_id);
CREATE INDEX callcoach_qa_calls_agent ON callcoach_qa_calls (agent_id, opened_at);
CREATE INDEX callcoach_qa_calls_team ON callcoach_qa_calls (team_id, opened_at);
CREATE INDEX callcoach_qa_calls_language ON callcoach_qa_calls (language, opened_at);
CREATE INDEX callcoach_qa_calls_state ON callcoach_qa_calls (review_state, opened_at);
CREATE INDEX callcoach_qa_calls_score ON callcoach_qa_calls (score, opened_at);
CREATE TABLE callcoach_qa_findings (
  call_id TEXT NOT NULL, key TEXT NOT NULL, rule_id TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,
  PRIMARY KEY (call_id, key)
);
CREATE INDEX callcoach_qa_findings_rule ON callcoach_qa_findings (rule_id, call_id);
CREATE INDEX callcoach_qa_findings_category ON callcoach_qa_findings (category, call_id);
CREATE TABLE callcoach_qa_evaluations (
  evaluation_id TEXT PRIMARY KEY, call_id TEXT NOT NULL, reviewer TEXT NOT NULL, reviewer_role TEXT NOT NULL,
  purpose TEXT NOT NULL, scorecard TEXT NOT NULL, pack TEXT NOT NULL, status TEXT NOT NULL, items TEXT NOT NULL,
  total {real}, passed INTEGER, revision INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, submitted_at TEXT,
  UNIQUE (call_id, reviewer, purpose)
);
CREATE INDEX callcoach_qa_evaluations_call ON callcoach_qa_evaluations (call_id);
CREATE INDEX callcoach_qa_evaluations_reviewer ON callcoach_qa_evaluations (reviewer, status);
CREATE TABLE callcoach_qa_history (
  id {serial}, evaluation_id TEXT NOT NULL, call_id TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
  action TEXT NOT NULL, item_id TEXT, before TEXT, after TEXT, reason TEXT
);
CREATE INDEX callcoach_qa_history_evaluation ON callcoach_qa_history (evaluation_id, id);
CREATE TABLE callcoach_qa_disputes (
  dispute_id TEXT PRIMARY KEY, evaluation_id TEXT NOT NULL, call_id TEXT NOT NULL, item_id TEXT NOT NULL, agent_id TEXT,
  team_id TEXT, raised_by TEXT NOT NULL, comment TEXT NOT NULL, status TEXT NOT NULL, resolution TEXT, resolved_by TEXT,
  resolved_role TEXT, created_at TEXT NOT NULL, resolved_at TEXT
);
CREATE INDEX callcoach_qa_disputes_status ON callcoach_qa_disputes (status, created_at);
CREATE INDEX callcoach_qa_disputes_evaluation ON callcoach_qa_disputes (evaluation_id);
CREATE TABLE callcoach_qa_plans (
  plan_id TEXT PRIMARY KEY, name TEXT NOT NULL, team_id TEXT, agent_id TEXT, period TEXT NOT NULL, share {real} NOT NULL,
  include_critical INTEGER NOT NULL, reviewers TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE callcoach_qa_assignments (
  assignment_id TEXT PRIMARY KEY, plan_id TEXT, call_id TEXT NOT NULL, reviewer TEXT NOT NULL, purpose TEXT NOT NULL,
  reason TEXT NOT NULL, status TEXT NOT NULL, period_key TEXT, created_at TEXT NOT NULL, done_at TEXT,
  UNIQUE (call_id, reviewer, purpose)
);
CREATE INDEX callcoach_qa_assignments_queue ON callcoach_qa_assignments (reviewer, status, created_at);
`;

const SCORECARDS = `
CREATE TABLE callcoach_qa_scorecards (ref TEXT PRIMARY KEY, definition TEXT NOT NULL, first_seen TEXT NOT NULL);
ALTER TABLE callcoach_qa_calls ADD COLUMN packs TEXT;
`;

/**
 * The QA workspace's schema: a searchable index of calls (metadata, rules hit, score, review state, transcript lines
 * with a search body), evaluations with an append-only history, disputes, sampling plans and assignments. Separate
 * tables from the finding store's, created after it (the transcript index follows its utterances table).
 */
export const QA_MIGRATIONS: readonly QaMigration[] = [
  {
    version: 1,
    name: 'qa workspace: call index, evaluations, history, disputes, sampling, transcript search',
    sqlite: `${COMMON.replaceAll('{serial}', 'INTEGER PRIMARY KEY AUTOINCREMENT').replaceAll('{real}', 'REAL')}
-- line_id is the FTS rowid: an INTEGER PRIMARY KEY survives VACUUM (an implicit rowid may be renumbered).
CREATE TABLE callcoach_qa_lines (
  line_id INTEGER PRIMARY KEY, call_id TEXT NOT NULL, utterance_id TEXT NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL, body TEXT NOT NULL,
  UNIQUE (call_id, utterance_id)
);
CREATE VIRTUAL TABLE callcoach_qa_fts USING fts5(body, content='callcoach_qa_lines', content_rowid='line_id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER callcoach_qa_lines_ai AFTER INSERT ON callcoach_qa_lines BEGIN
  INSERT INTO callcoach_qa_fts (rowid, body) VALUES (new.line_id, new.body);
END;
CREATE TRIGGER callcoach_qa_lines_ad AFTER DELETE ON callcoach_qa_lines BEGIN
  INSERT INTO callcoach_qa_fts (callcoach_qa_fts, rowid, body) VALUES ('delete', old.line_id, old.body);
END;
CREATE TRIGGER callcoach_qa_history_no_update BEFORE UPDATE ON callcoach_qa_history BEGIN SELECT RAISE(ABORT, 'callcoach_qa_history is append-only'); END;
CREATE TRIGGER callcoach_qa_history_no_delete BEFORE DELETE ON callcoach_qa_history BEGIN SELECT RAISE(ABORT, 'callcoach_qa_history is append-only'); END;
-- A transcript line rewritten or removed in the finding store (callcoach redact) leaves the search index at once.
CREATE TRIGGER callcoach_qa_utterance_changed AFTER UPDATE OF text ON utterances BEGIN
  DELETE FROM callcoach_qa_lines WHERE call_id = old.call_id AND utterance_id = old.utterance_id;
END;
CREATE TRIGGER callcoach_qa_utterance_deleted AFTER DELETE ON utterances BEGIN
  DELETE FROM callcoach_qa_lines WHERE call_id = old.call_id AND utterance_id = old.utterance_id;
END;
`,
    postgres: `${COMMON.replaceAll('{serial}', 'BIGSERIAL PRIMARY KEY').replaceAll('{real}', 'DOUBLE PRECISION')}
CREATE TABLE callcoach_qa_lines (
  call_id TEXT NOT NULL, utterance_id TEXT NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL, body TEXT NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
  PRIMARY KEY (call_id, utterance_id)
);
CREATE INDEX callcoach_qa_lines_tsv ON callcoach_qa_lines USING gin (tsv);
CREATE FUNCTION callcoach_qa_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'callcoach_qa_history is append-only'; END $$;
CREATE TRIGGER callcoach_qa_history_no_change BEFORE UPDATE OR DELETE ON callcoach_qa_history FOR EACH ROW EXECUTE FUNCTION callcoach_qa_history_append_only();
CREATE TRIGGER callcoach_qa_history_no_truncate BEFORE TRUNCATE ON callcoach_qa_history FOR EACH STATEMENT EXECUTE FUNCTION callcoach_qa_history_append_only();
-- SET search_path FROM CURRENT: the finding store updates through qualified names with its own search_path.
CREATE FUNCTION callcoach_qa_forget_line() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.text IS DISTINCT FROM OLD.text THEN
    DELETE FROM callcoach_qa_lines WHERE call_id = OLD.call_id AND utterance_id = OLD.utterance_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER callcoach_qa_utterance_changed AFTER UPDATE OR DELETE ON callcoach_utterances FOR EACH ROW EXECUTE FUNCTION callcoach_qa_forget_line();
`,
  },
  {
    version: 2,
    name: 'scorecard definitions by version, so an evaluation rescores on its own form after the pack moves on',
    sqlite: SCORECARDS,
    postgres: SCORECARDS,
  },
];
