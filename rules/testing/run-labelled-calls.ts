import { readFileSync } from 'node:fs';
import { parseEvent, sameLanguage, type CallEvent, type CompiledPack } from '../../engine/index.js';
import { collectFindings } from './collect-findings.js';
import { judgeCall, type ExpectedFinding } from './judge-call.js';
import type { FixtureResult } from './run-fixture-file.js';

/** One line of a labels file, as in shared/eval-dev/labels.jsonl (other fields are ignored). */
interface LabelLine {
  readonly callId: string;
  readonly violations: ReadonlyArray<{ readonly category: string; readonly utteranceId?: string }>;
}

/**
 * Tests a pack against a labelled corpus: every labelled call of the pack's language runs alone through the real
 * engine, and must yield exactly its labelled violations in the categories both the pack and the labels cover
 * (forbidden phrases at their utterance, the rest per call); other categories are out of scope. One result per call.
 */
export function runLabelledCalls(pack: CompiledPack, callsFiles: readonly string[], labelsFile: string): FixtureResult[] {
  const lines = readFileSync(labelsFile, 'utf8').split('\n');
  // Only categories the labels know about can be judged: a corpus labelled without surname use says nothing about it.
  const labelled = new Set([...lines.join('\n').matchAll(/"category"\s*:\s*"([^"]+)"/g)].map((m) => m[1]));
  const scope = [...new Set(pack.rules.map((r) => r.category))].filter((c) => labelled.has(c));
  const events = readCalls(callsFiles, pack.language);
  const results: FixtureResult[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const line = i + 1;
    let label: LabelLine;
    try {
      label = JSON.parse(text) as LabelLine;
    } catch {
      results.push({ file: labelsFile, line, callId: '(labels)', passed: false, failures: [`line ${line} is not JSON`] });
      return;
    }
    const callEvents = events.get(label.callId);
    if (!callEvents || !Array.isArray(label.violations)) return; // another language, or a call not in these files
    const findings: ExpectedFinding[] = [];
    const seen = new Set<string>();
    for (const v of label.violations) {
      if (!scope.includes(v.category)) continue;
      const expected = v.category === 'forbidden_phrase' && v.utteranceId ? { category: v.category, utterance: v.utteranceId } : { category: v.category };
      const key = JSON.stringify(expected);
      if (!seen.has(key)) findings.push(expected);
      seen.add(key);
    }
    const failures = judgeCall({ callId: label.callId, findings, scope, line }, collectFindings(pack, callEvents));
    results.push({ file: labelsFile, line, callId: label.callId, passed: failures.length === 0, failures });
  });
  return results;
}

function readCalls(files: readonly string[], language: string): Map<string, CallEvent[]> {
  const calls = new Map<string, CallEvent[]>();
  const skipped = new Set<string>();
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (text.trim() === '') return;
        const parsed = parseEvent(text, { file, line: i + 1 });
        if (!parsed.ok || skipped.has(parsed.event.callId)) return;
        const { event } = parsed;
        if (event.type === 'call.started' && !sameLanguage(event.language, language)) {
          skipped.add(event.callId);
          return;
        }
        const list = calls.get(event.callId) ?? [];
        list.push(event);
        calls.set(event.callId, list);
      });
  }
  return calls;
}
