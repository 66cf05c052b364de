import type { FeedClientMessage, Severity } from '../../adapters/server/feed-protocol.js';
import { element } from '../shared/element.js';
import type { CallRecord, LiveCalls } from '../shared/live-calls.js';
import { renderLiveState } from '../shared/live-state-view.js';
import { categoryLabel, formatDuration, severityLabel, uiText, type TextKey, type UiLanguage } from '../shared/ui-text.js';

/** One line of a call's live view. */
interface DetailEntry {
  readonly key: string;
  readonly kind: 'nudge' | 'finding' | 'alert' | 'whisper';
  readonly severity?: Severity;
  readonly label: string;
  readonly text: string;
  readonly atMs?: number;
  withdrawn?: boolean;
  arrival: number;
}

const KIND_TEXT: Record<DetailEntry['kind'], TextKey> = { nudge: 'kindNudge', finding: 'kindFinding', alert: 'kindAlert', whisper: 'kindWhisper' };

/**
 * The live view of one call, beside the tiles: its state, every nudge, finding, alert and whisper the wall has seen
 * for it (newest first, highlighted by kind and severity; the feed carries no transcript), and the whisper box.
 */
export class CallDetail {
  private callId: string | undefined;
  private opener: HTMLElement | undefined;
  private readonly entries = new Map<string, DetailEntry[]>();
  private arrivals = 0;
  private readonly panel = document.getElementById('detail') as HTMLElement;
  private readonly title = document.getElementById('detail-title') as HTMLElement;
  private readonly state = document.getElementById('detail-state') as HTMLElement;
  private readonly list = document.getElementById('detail-events') as HTMLElement;
  private readonly form = document.getElementById('whisper-form') as HTMLFormElement;
  private readonly input = document.getElementById('whisper-text') as HTMLInputElement;
  private readonly note = document.getElementById('whisper-note') as HTMLElement;

  constructor(
    private readonly calls: LiveCalls,
    private readonly send: (message: FeedClientMessage) => boolean,
    private readonly language: () => UiLanguage,
  ) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!this.callId || !text) return;
      if (this.send({ type: 'whisper', callId: this.callId, text })) {
        this.input.value = '';
        this.note.textContent = '';
      } else this.note.textContent = uiText(this.language(), 'retrying');
    });
    document.getElementById('detail-close')?.addEventListener('click', () => this.close());
  }

  get openCallId(): string | undefined {
    return this.callId;
  }

  open(callId: string, opener: HTMLElement): void {
    this.callId = callId;
    this.opener = opener;
    this.panel.hidden = false;
    this.state.replaceChildren();
    this.note.textContent = '';
    this.refresh(Date.now());
    this.title.focus();
  }

  /** Closes the view and gives focus back to what opened it. */
  close(): void {
    if (!this.callId) return;
    this.callId = undefined;
    this.panel.hidden = true;
    if (this.opener?.isConnected) this.opener.focus();
  }

  /** Starts a call's log over from what a snapshot says. */
  seed(call: CallRecord): void {
    this.entries.set(call.callId, []);
    for (const nudge of call.nudges.values()) this.noteNudge(call.callId, nudge.nudgeId, nudge.severity, nudge.category, nudge.kind === 'card', nudge.title ? `${nudge.title}: ${nudge.text}` : nudge.text, nudge.atMs);
    for (const finding of call.findings) this.noteFinding(call.callId, finding.category, finding.severity, finding.text, finding.atMs);
    for (const alert of call.alerts.values()) this.noteAlert(call.callId, alert.alertId, alert.severity, alert.text, alert.atMs);
    for (const whisper of call.whispers) this.noteWhisper(call.callId, whisper.whisperId, whisper.from, whisper.text);
  }

  noteNudge(callId: string, nudgeId: string, severity: Severity, category: Parameters<typeof categoryLabel>[0], card: boolean, text: string, atMs: number): void {
    this.upsert(callId, { key: `n:${nudgeId}`, kind: 'nudge', severity, label: card ? uiText(this.language(), 'script') : categoryLabel(category, this.language()), text, atMs, arrival: 0 });
  }

  noteRetracted(callId: string, nudgeId: string): void {
    const entry = this.entries.get(callId)?.find((e) => e.key === `n:${nudgeId}`);
    if (entry) entry.withdrawn = true;
  }

  noteFinding(callId: string, category: Parameters<typeof categoryLabel>[0], severity: Severity, text: string, atMs: number): void {
    this.upsert(callId, { key: `f:${++this.arrivals}`, kind: 'finding', severity, label: categoryLabel(category, this.language()), text, atMs, arrival: 0 });
  }

  noteAlert(callId: string, alertId: string, severity: Severity, text: string, atMs: number): void {
    this.upsert(callId, { key: `a:${alertId}`, kind: 'alert', severity, label: severityLabel(severity, this.language()), text, atMs, arrival: 0 });
  }

  noteWhisper(callId: string, whisperId: string, from: string, text: string): void {
    this.upsert(callId, { key: `w:${whisperId}`, kind: 'whisper', label: from, text, arrival: 0 });
    if (callId === this.callId) this.note.textContent = uiText(this.language(), 'whisperSent');
  }

  forget(callId: string): void {
    this.entries.delete(callId);
  }

  /** Redraws the open call's view (state every tick; the list only when it changed). */
  refresh(wallNowMs: number, listChanged = true): void {
    const call = this.callId ? this.calls.calls.get(this.callId) : undefined;
    if (!this.callId) return;
    const language = this.language();
    this.title.textContent = `${uiText(language, 'callDetail', { call: this.callId })}${call?.agentId ? ` · ${call.agentId}` : ''}${call?.teamId ? ` · ${call.teamId}` : ''}`;
    if (call) renderLiveState(this.state, call, language, wallNowMs, { checks: ['greeting', 'surname', 'closing'], reminder: false });
    this.input.disabled = !call || call.closed !== undefined;
    if (!listChanged) return;
    const entries = [...(this.entries.get(this.callId) ?? [])].sort((a, b) => b.arrival - a.arrival);
    this.list.replaceChildren(
      ...(entries.length === 0
        ? [element('li', { class: 'muted', text: uiText(language, 'noEvents') })]
        : entries.map((e, i) =>
            element(
              'li',
              { class: `event${i === 0 ? ' latest' : ''}${e.withdrawn ? ' withdrawn' : ''}`, 'data-kind': e.kind, 'data-severity': e.severity ?? 'none' },
              element('span', { class: 'event-kind', text: uiText(language, KIND_TEXT[e.kind]) }),
              element('span', { class: 'event-label', text: e.label }),
              e.atMs !== undefined ? element('span', { class: 'event-time', text: formatDuration(e.atMs) }) : undefined,
              element('p', { class: 'event-text', lang: call?.language ?? '', text: e.text }),
            ),
          )),
    );
  }

  private upsert(callId: string, entry: DetailEntry): void {
    const list = this.entries.get(callId) ?? [];
    this.entries.set(callId, list);
    const existing = list.findIndex((e) => e.key === entry.key);
    const arrival = ++this.arrivals;
    if (existing >= 0) list[existing] = { ...entry, arrival: (list[existing] as DetailEntry).arrival };
    else list.push({ ...entry, arrival });
  }
}
