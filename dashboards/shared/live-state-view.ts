import type { CheckStatus } from './call-checks.js';
import { element } from './element.js';
import { holdElapsedMs, type CallRecord } from './live-calls.js';
import { formatDuration, uiText, type UiLanguage } from './ui-text.js';

// The standards ask for 120–150 characters a minute; the English pack aims for 125–155 words.
const PACE_NORM = { chars: { low: 120, high: 150 }, words: { low: 125, high: 155 } } as const;
// The apology reminder: past this long on hold the agent should open with "sorry to keep you waiting".
export const HOLD_APOLOGY_AFTER_MS = 30_000;
const MARKS: Record<CheckStatus, string> = { ok: '✓', missed: '✗', pending: '…' };

export interface LiveStateViewOptions {
  /** Which checklist items to show (the wall shows the greeting only). */
  readonly checks: ReadonlyArray<'greeting' | 'surname' | 'closing'>;
  readonly reminder: boolean;
}

/**
 * Draws (or redraws in place) a call's checklist, hold timer and pace meter into `container`, in `language`. The
 * same markup serves the overlay and the wall; the nodes are kept between redraws so nothing flickers or loses focus.
 */
export function renderLiveState(container: HTMLElement, call: CallRecord, language: UiLanguage, wallNowMs: number, options: LiveStateViewOptions): void {
  if (!container.firstChild) build(container, language, options);
  for (const item of options.checks) {
    const li = container.querySelector<HTMLElement>(`[data-check="${item}"]`) as HTMLElement;
    const status = call.checks[item];
    li.dataset.status = status;
    (li.querySelector('.mark') as HTMLElement).textContent = MARKS[status];
    (li.querySelector('.label') as HTMLElement).textContent = uiText(language, item);
    (li.querySelector('.check-status') as HTMLElement).textContent = uiText(language, status);
  }
  const held = holdElapsedMs(call, wallNowMs);
  const hold = container.querySelector('.hold') as HTMLElement;
  hold.hidden = held === undefined;
  if (held !== undefined) hold.textContent = uiText(language, 'onHold', { time: formatDuration(held) });
  const reminder = container.querySelector<HTMLElement>('.hold-reminder');
  if (reminder) {
    const show = held !== undefined && held >= HOLD_APOLOGY_AFTER_MS;
    if (reminder.hidden === show) reminder.hidden = !show;
    const wording = uiText(language, 'holdApology');
    // Unchanged text is left alone: rewriting it would make screen readers announce the reminder every second.
    if (reminder.textContent !== wording) reminder.textContent = wording;
  }
  const pace = call.state?.agentPace;
  const paceEl = container.querySelector('.pace') as HTMLElement;
  const meter = paceEl.querySelector('meter') as HTMLMeterElement;
  const text = paceEl.querySelector('.pace-text') as HTMLElement;
  if (!pace) {
    meter.hidden = true;
    paceEl.dataset.band = 'unknown';
    text.textContent = uiText(language, 'paceUnknown');
    return;
  }
  const norm = PACE_NORM[pace.unit];
  const band = pace.perMinute < norm.low ? 'slow' : pace.perMinute > norm.high ? 'fast' : 'good';
  meter.hidden = false;
  meter.min = 0;
  meter.max = norm.high * 2;
  meter.low = norm.low;
  meter.high = norm.high;
  meter.optimum = (norm.low + norm.high) / 2;
  meter.value = Math.min(pace.perMinute, norm.high * 2);
  paceEl.dataset.band = band;
  const value = uiText(language, 'paceValue', { value: pace.perMinute, unit: uiText(language, pace.unit) });
  const bandText = uiText(language, band === 'slow' ? 'paceSlow' : band === 'fast' ? 'paceFast' : 'paceGood');
  text.textContent = `${uiText(language, 'pace')} ${value} · ${bandText} (${uiText(language, 'norm', norm)})`;
  meter.setAttribute('aria-label', `${uiText(language, 'pace')} ${value}`);
}

function build(container: HTMLElement, language: UiLanguage, options: LiveStateViewOptions): void {
  const checks = element('ul', { class: 'checks', 'aria-label': uiText(language, 'checks') });
  for (const item of options.checks) {
    checks.append(element('li', { 'data-check': item, 'data-status': 'pending' }, element('span', { class: 'mark', 'aria-hidden': 'true' }), element('span', { class: 'label' }), element('span', { class: 'check-status' })));
  }
  const hold = element('p', { class: 'hold', role: 'timer', hidden: true });
  const pace = element('div', { class: 'pace' }, element('meter', { hidden: true }), element('span', { class: 'pace-text' }));
  container.append(checks, hold);
  if (options.reminder) container.append(element('p', { class: 'hold-reminder', hidden: true, role: 'status' }));
  container.append(pace);
}
