import type { Finding } from '../findings/finding.js';
import type { Nudge } from '../nudges/nudge.js';
import type { EngineOutput, TranscriptLine } from '../pipeline/engine-output.js';
import { readDigitRuns } from './digit-runs.js';
import { findPersonalData, type PersonalDataMatch } from './find-personal-data.js';
import { redactText, type RedactedText, type RedactionSettings } from './redact-text.js';
import { scrubText, type KnownSecret } from './scrub-text.js';

// A line ending in a number (even one digit) may hold the first part of one the recogniser split over two finals.
const MIN_OPEN_DIGITS = 1;
// A number is never split over more lines than this (three finals hold even an ID read slowly).
const MAX_HELD_LINES = 3;
// Fragments of a masked number quoted elsewhere: quotes are transcript words, explanations mostly figures ("192 字/分钟").
const QUOTE_FRAGMENT = 4;
const EXPLANATION_FRAGMENT = 6;

/**
 * One call's redaction: transcript lines, findings and nudges leave the engine with personal data masked, while the
 * detectors saw the words as said. A line that ends in an unfinished number ("我的身份证号是 1101 0519") is held until
 * the speaker's next line (or the call's end), so a number the recogniser split over two finals is judged whole; the
 * findings that point into a held line wait with it, and their highlights are remapped onto the masked text.
 */
export class CallRedactor {
  private readonly redacted = new Map<string, RedactedText>();
  private readonly held = new Map<string, TranscriptLine[]>();
  private readonly waiting: Finding[] = [];
  private readonly secrets: KnownSecret[] = [];

  constructor(
    private readonly settings: RedactionSettings,
    private readonly language: 'zh' | 'en',
  ) {}

  /** What may leave the engine now, in order, for one output of the call. */
  accept(output: EngineOutput): EngineOutput[] {
    switch (output.type) {
      case 'utterance':
        return this.acceptLine(output.utterance);
      case 'finding':
        if (this.pointsIntoHeld(output.finding)) {
          this.waiting.push(output.finding);
          return [];
        }
        return [{ type: 'finding', finding: this.finding(output.finding) }];
      case 'nudge':
        return [{ type: 'nudge', nudge: this.nudge(output.nudge) }];
      default:
        return [output];
    }
  }

  /** Everything still held, at the call's end: lines judged as they are, then the findings that waited for them. */
  flush(): EngineOutput[] {
    const out: EngineOutput[] = [];
    for (const lines of [...this.held.values()]) out.push(...this.release(lines));
    this.held.clear();
    return [...out, ...this.releaseFindings()];
  }

  private acceptLine(line: TranscriptLine): EngineOutput[] {
    const held = this.held.get(line.speaker) ?? [];
    const lines = [...held, line];
    if (lines.length < MAX_HELD_LINES && endsInOpenNumber(lines)) {
      this.held.set(line.speaker, lines);
      return [];
    }
    this.held.delete(line.speaker);
    return [...this.release(lines), ...this.releaseFindings()];
  }

  /** Judges consecutive lines of one speaker as one text, so a number spanning them is found, then masks each line. */
  private release(lines: readonly TranscriptLine[]): EngineOutput[] {
    const joined = lines.map((l) => l.text).join(' ');
    const matches = findPersonalData(joined, this.settings.kinds);
    for (const m of matches) if (m.digits) this.secrets.push({ kind: m.kind, digits: m.digits });
    let offset = 0;
    return lines.map((line) => {
      const own = matches.flatMap((m) => clip(m, offset, line.text.length));
      offset += line.text.length + 1;
      const result = redactText(line.text, this.settings, this.language, own);
      this.redacted.set(line.utteranceId, result);
      return { type: 'utterance', utterance: { ...line, text: result.text } };
    });
  }

  private releaseFindings(): EngineOutput[] {
    const ready = this.waiting.filter((f) => !this.pointsIntoHeld(f));
    if (ready.length === 0) return [];
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((f) => this.pointsIntoHeld(f)));
    return ready.map((f) => ({ type: 'finding', finding: this.finding(f) }));
  }

  private pointsIntoHeld(finding: Finding): boolean {
    const ids = new Set([finding.utteranceId, ...(finding.evidence.spans ?? []).map((s) => s.utteranceId), ...(finding.evidence.steps ?? []).map((s) => s.utteranceId)]);
    for (const lines of this.held.values()) if (lines.some((l) => ids.has(l.utteranceId))) return true;
    return false;
  }

  private finding(finding: Finding): Finding {
    const { evidence } = finding;
    const spans = evidence.spans?.map((s) => {
      const r = this.redacted.get(s.utteranceId);
      return r ? { ...s, start: r.mapOffset(s.start, 'start'), end: r.mapOffset(s.end, 'end') } : s;
    });
    return {
      ...finding,
      evidence: {
        ...evidence,
        explanation: this.scrub(evidence.explanation, EXPLANATION_FRAGMENT),
        ...(evidence.quote !== undefined ? { quote: this.scrub(evidence.quote, QUOTE_FRAGMENT) } : {}),
        ...(spans ? { spans } : {}),
      },
    };
  }

  private nudge(nudge: Nudge): Nudge {
    // Nudges come from interim text too: a number still being said is masked by its fragments in the held lines.
    return {
      ...nudge,
      text: this.scrub(nudge.text, QUOTE_FRAGMENT, true),
      ...(nudge.suggest !== undefined ? { suggest: this.scrub(nudge.suggest, QUOTE_FRAGMENT, true) } : {}),
      ...(nudge.title !== undefined ? { title: this.scrub(nudge.title, QUOTE_FRAGMENT, true) } : {}),
    };
  }

  private scrub(text: string, minFragment: number, withHeld = false): string {
    const secrets = withHeld ? [...this.secrets, ...this.heldNumbers()] : this.secrets;
    return scrubText(text, this.settings, this.language, secrets, minFragment);
  }

  private heldNumbers(): KnownSecret[] {
    return [...this.held.values()].flatMap((lines) => readDigitRuns(lines.map((l) => l.text).join(' ')).map((r) => ({ kind: 'account_number' as const, digits: r.digits })));
  }
}

/**
 * Whether the last line ends in a number that may go on in the next line. Even one already masked on its own counts:
 * "身份证 110105199" is an ID by its context, but its last digits may come next, and alone they would look ordinary.
 */
function endsInOpenNumber(lines: readonly TranscriptLine[]): boolean {
  const joined = lines.map((l) => l.text).join(' ');
  const runs = readDigitRuns(joined);
  const last = runs[runs.length - 1];
  if (!last || last.digits.length < MIN_OPEN_DIGITS) return false;
  return !/[\p{L}\p{N}]/u.test(joined.slice(last.end));
}

/** The part of a match on the joined text that falls inside one line (at `offset`, `length` long). */
function clip(match: PersonalDataMatch, offset: number, length: number): PersonalDataMatch[] {
  const start = Math.max(match.start - offset, 0);
  const end = Math.min(match.end - offset, length);
  if (end <= start) return [];
  // Only the part holding the number's end shows its last digits.
  const holdsEnd = match.end - offset <= length;
  return [{ kind: match.kind, start, end, ...(holdsEnd && match.digits ? { digits: match.digits } : {}) }];
}
