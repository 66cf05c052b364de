import { csrfHeaders, describeUser, requireSignIn, signInAgain, signOut } from '../shared/session.js';
// The QA review page: calls from the store, a call's transcript with the evidence of each finding highlighted,
// its scorecard, and confirm / dismiss per finding. Data comes from /api (adapters/server/review-api.ts).

interface Scorecard {
  score: number;
  byCategory: Record<string, number>;
  open: number;
  confirmed: number;
  dismissed: number;
}

interface CallSummary {
  callId: string;
  agentId?: string;
  language: string;
  packs: string[];
  openedAt: string;
  closedAt?: string;
  findings: number;
  scorecard: Scorecard;
}

interface Finding {
  key: string;
  callId: string;
  category: string;
  ruleId: string;
  packId: string;
  packVersion: string;
  severity: 'info' | 'warn' | 'critical';
  utteranceId?: string;
  atMs: number;
  evidence: { explanation: string; quote?: string; spans?: Array<{ utteranceId: string; start: number; end: number }>; observed?: number; limit?: number; unit?: string; method?: string; confidence?: number };
  review?: { verdict: 'confirmed' | 'dismissed'; reviewer: string; note?: string; at: string };
}

interface Line {
  utteranceId: string;
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

interface AuditEntry {
  at: string;
  actor: string;
  role: string;
  action: string;
  target?: string;
  before?: { verdict?: string; reviewer?: string; note?: string } | null;
  after?: { verdict?: string; reviewer?: string; note?: string } | null;
}

interface CallDetail {
  call: CallSummary;
  findings: Finding[];
  transcript: Line[];
  scorecard: Scorecard;
  audit: AuditEntry[];
}

const callsEl = document.getElementById('calls') as HTMLUListElement;
const detailEl = document.getElementById('detail') as HTMLElement;
const flaggedEl = document.getElementById('flagged') as HTMLInputElement;
const whoEl = document.getElementById('who') as HTMLElement;
const noCallsEl = document.getElementById('no-calls') as HTMLElement;
let selected: string | undefined = new URLSearchParams(location.search).get('call') ?? undefined;

document.getElementById('sign-out')?.addEventListener('click', () => void signOut());
flaggedEl.addEventListener('change', () => void loadCalls());
document.getElementById('refresh')?.addEventListener('click', () => void loadCalls());

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (response.status === 401) signInAgain();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

async function loadCalls(): Promise<void> {
  const calls = await getJson<CallSummary[]>(`/api/calls${flaggedEl.checked ? '?flagged=1' : ''}`);
  callsEl.replaceChildren(...calls.map(callItem));
  noCallsEl.hidden = calls.length > 0;
  if (selected) await showCall(selected);
}

function callItem(call: CallSummary): HTMLLIElement {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.callId = call.callId;
  button.setAttribute('aria-current', String(call.callId === selected));
  const title = document.createElement('strong');
  title.textContent = call.callId;
  const score = scoreBadge(call.scorecard.score);
  const meta = document.createElement('span');
  meta.className = 'muted';
  meta.textContent = `${call.agentId ?? 'unknown agent'} · ${call.language} · ${call.findings} finding${call.findings === 1 ? '' : 's'}${call.closedAt ? '' : ' · live'}`;
  button.append(title, score, meta);
  button.addEventListener('click', () => void showCall(call.callId));
  li.append(button);
  return li;
}

function scoreBadge(score: number): HTMLElement {
  const badge = document.createElement('span');
  badge.className = `score${score < 60 ? ' low' : score < 85 ? ' mid' : ''}`;
  badge.textContent = String(score);
  return badge;
}

async function showCall(callId: string): Promise<void> {
  selected = callId;
  history.replaceState(null, '', `?call=${encodeURIComponent(callId)}`);
  callsEl.querySelectorAll('button').forEach((b) => b.setAttribute('aria-current', String(b.dataset.callId === callId)));
  const detail = await getJson<CallDetail>(`/api/calls/${encodeURIComponent(callId)}`);
  detailEl.replaceChildren(header(detail), columns(detail), auditTrail(detail));
}

/** Every review of this call, who and when, as the append-only audit log has it. */
function auditTrail(detail: CallDetail): HTMLElement {
  const section = document.createElement('section');
  section.className = 'audit';
  const title = document.createElement('h3');
  title.textContent = 'Audit trail';
  const list = document.createElement('ol');
  list.setAttribute('aria-label', 'audit trail');
  for (const entry of detail.audit) {
    const li = document.createElement('li');
    const was = entry.before?.verdict ? `${entry.before.verdict} → ` : '';
    li.textContent = `${new Date(entry.at).toLocaleString()} · ${entry.actor} (${entry.role}) ${entry.action} ${entry.target ?? ''}: ${was}${entry.after?.verdict ?? ''}${entry.after?.note ? ` “${entry.after.note}”` : ''}`;
    list.append(li);
  }
  if (detail.audit.length === 0) {
    const none = document.createElement('p');
    none.className = 'muted';
    none.textContent = 'No reviews yet.';
    section.append(title, none);
  } else section.append(title, list);
  return section;
}

function header(detail: CallDetail): HTMLElement {
  const section = document.createElement('section');
  section.className = 'scorecard';
  const big = document.createElement('span');
  big.className = 'big';
  big.textContent = `${detail.scorecard.score}`;
  big.title = 'compliance score: 100 minus 20 per critical, 10 per warning, 3 per info finding not dismissed';
  const title = document.createElement('h2');
  title.textContent = detail.call.callId;
  const counts = document.createElement('span');
  counts.className = 'muted';
  const categories = Object.entries(detail.scorecard.byCategory).map(([c, n]) => `${c} ×${n}`);
  counts.textContent = `${detail.scorecard.open} open · ${detail.scorecard.confirmed} confirmed · ${detail.scorecard.dismissed} dismissed${categories.length ? ` — ${categories.join(', ')}` : ''} · packs ${detail.call.packs.join(', ')}`;
  section.append(title, big, counts);
  return section;
}

function columns(detail: CallDetail): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'columns';
  const transcript = document.createElement('ol');
  transcript.className = 'transcript';
  transcript.setAttribute('aria-label', 'transcript');
  for (const line of detail.transcript) transcript.append(lineItem(line, detail.findings));
  const findings = document.createElement('ul');
  findings.className = 'findings';
  findings.setAttribute('aria-label', 'findings');
  for (const finding of detail.findings) findings.append(findingItem(finding));
  if (detail.findings.length === 0) findings.append(Object.assign(document.createElement('li'), { className: 'muted', textContent: 'No findings on this call.' }));
  wrap.append(transcript, findings);
  return wrap;
}

function lineItem(line: Line, findings: readonly Finding[]): HTMLLIElement {
  const li = document.createElement('li');
  li.className = line.speaker;
  li.dataset.utteranceId = line.utteranceId;
  const time = document.createElement('span');
  time.className = 'muted';
  time.textContent = formatTime(line.startMs);
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = line.speaker;
  const text = document.createElement('span');
  const spans = findings.flatMap((f) => (f.evidence.spans ?? []).filter((s) => s.utteranceId === line.utteranceId && s.end > s.start && !(s.start === 0 && s.end >= line.text.length && f.category !== 'forbidden_phrase')).map((s) => ({ ...s, key: f.key })));
  if (findings.some((f) => f.utteranceId === line.utteranceId)) li.classList.add('flagged');
  text.append(...highlight(line.text, spans));
  li.append(time, who, text);
  return li;
}

/** Splits text into plain runs and <mark>s for the evidence spans (overlapping spans merge). */
function highlight(text: string, spans: ReadonlyArray<{ start: number; end: number; key: string }>): Node[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const nodes: Node[] = [];
  let at = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, at);
    if (span.end <= start) continue;
    if (start > at) nodes.push(document.createTextNode(text.slice(at, start)));
    const mark = document.createElement('mark');
    mark.dataset.findingKey = span.key;
    mark.textContent = text.slice(start, span.end);
    nodes.push(mark);
    at = span.end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

function findingItem(finding: Finding): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'finding';
  li.dataset.key = finding.key;
  li.dataset.severity = finding.severity;
  if (finding.review) li.dataset.verdict = finding.review.verdict;
  const title = document.createElement('h3');
  title.textContent = `${finding.category} — ${finding.evidence.explanation}`;
  const meta = document.createElement('div');
  meta.className = 'meta';
  const measured = finding.evidence.observed !== undefined && finding.evidence.limit !== undefined ? ` · ${finding.evidence.observed} against ${finding.evidence.limit}${finding.evidence.unit ? ` ${finding.evidence.unit}` : ''}` : '';
  meta.textContent = `${finding.ruleId} · ${finding.packId}@${finding.packVersion} · ${finding.severity} · at ${formatTime(finding.atMs)}${finding.utteranceId ? ` · ${finding.utteranceId}` : ''}${measured}`;
  const actions = document.createElement('div');
  actions.className = 'actions';
  const verdict = document.createElement('span');
  verdict.className = 'verdict';
  verdict.textContent = finding.review ? `${finding.review.verdict} by ${finding.review.reviewer}${finding.review.note ? `: ${finding.review.note}` : ''}` : '';
  const note = document.createElement('input');
  note.placeholder = 'note (optional)';
  note.setAttribute('aria-label', 'review note');
  const confirm = button('Confirm', () => void submit(finding, 'confirmed', note.value));
  const dismiss = button('Dismiss', () => void submit(finding, 'dismissed', note.value));
  actions.append(confirm, dismiss, note);
  li.append(title, meta, actions, verdict);
  li.addEventListener('mouseenter', () => detailEl.querySelectorAll(`mark[data-finding-key="${CSS.escape(finding.key)}"]`).forEach((m) => m.classList.add('active')));
  li.addEventListener('mouseleave', () => detailEl.querySelectorAll('mark.active').forEach((m) => m.classList.remove('active')));
  return li;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

async function submit(finding: Finding, verdict: 'confirmed' | 'dismissed', note: string): Promise<void> {
  // The reviewer is whoever is signed in: the server takes it from the session, never from the page.
  const response = await fetch(`/api/calls/${encodeURIComponent(finding.callId)}/findings/${encodeURIComponent(finding.key)}/review`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...csrfHeaders() },
    credentials: 'same-origin',
    body: JSON.stringify({ verdict, ...(note.trim() ? { note: note.trim() } : {}) }),
  });
  if (response.status === 401) signInAgain();
  if (!response.ok) {
    alert(`The review was not saved (${response.status}).`);
    return;
  }
  await loadCalls();
}

function formatTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

void requireSignIn().then((user) => {
  whoEl.textContent = describeUser(user);
  return loadCalls();
});

// A module, so each page keeps its names to itself.
export {};
