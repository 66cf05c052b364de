import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEvent, type CallEvent, type CompiledPack } from '../../engine/index.js';
import { collectFindings } from './collect-findings.js';
import { judgeCall, type ExpectedFinding, type Expectation } from './judge-call.js';

/** One fixture call's verdict. */
export interface FixtureResult {
  readonly file: string;
  /** The line of the call's `expect` record (or of the offending line for a broken fixture). */
  readonly line: number;
  readonly callId: string;
  readonly title?: string;
  readonly passed: boolean;
  /** What went wrong, one sentence each. */
  readonly failures: readonly string[];
}

/** The fixture files kept beside a pack: <pack folder>/fixtures/*.jsonl, sorted. */
export function fixtureFilesOf(packFile: string): string[] {
  const dir = join(dirname(packFile), 'fixtures');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Runs the calls of one fixture file through the real engine, each on its own virtual clock, and compares the findings
 * with the file's `expect` records. A fixture file is JSON Lines: protocol v1 events, plus one record per call:
 *
 *   {"expect":"<callId>","title":"…","findings":[{"rule":"<rule id>","utterance":"u4"}],"scope":["zh.forbidden.*"]}
 *
 * Every listed finding (by `rule` or by `category`) must occur, at that utterance when given, and no other finding of
 * a rule in `scope` (globs over rule ids and categories, default everything) may occur. Broken lines fail the file's
 * cases with their line number.
 */
export function runFixtureFile(pack: CompiledPack, file: string): FixtureResult[] {
  const { events, expectations, problems } = readFixtureFile(file);
  const results: FixtureResult[] = problems.map((p) => ({ file, line: p.line, callId: p.callId ?? '(file)', passed: false, failures: [p.message] }));
  for (const callId of events.keys()) {
    if (!expectations.has(callId)) results.push({ file, line: 1, callId, passed: false, failures: [`call ${callId} has events but no {"expect":"${callId}", …} record`] });
  }
  for (const expectation of expectations.values()) {
    const callEvents = events.get(expectation.callId);
    if (!callEvents) {
      results.push({ file, line: expectation.line, callId: expectation.callId, passed: false, failures: [`no events for call ${expectation.callId}`] });
      continue;
    }
    const failures = judgeCall(expectation, collectFindings(pack, callEvents));
    results.push({ file, line: expectation.line, callId: expectation.callId, ...(expectation.title ? { title: expectation.title } : {}), passed: failures.length === 0, failures });
  }
  return results.sort((a, b) => a.line - b.line);
}

function readFixtureFile(file: string) {
  const events = new Map<string, CallEvent[]>();
  const expectations = new Map<string, Expectation>();
  const problems: Array<{ line: number; callId?: string; message: string }> = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === '') return;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        problems.push({ line, message: `line ${line} is not JSON` });
        return;
      }
      if (record && typeof record === 'object' && 'expect' in record) {
        const expectation = parseExpectation(record as Record<string, unknown>, line);
        if (typeof expectation === 'string') problems.push({ line, message: `line ${line}: ${expectation}` });
        else if (expectations.has(expectation.callId)) problems.push({ line, callId: expectation.callId, message: `line ${line}: a second expect record for call ${expectation.callId}` });
        else expectations.set(expectation.callId, expectation);
        return;
      }
      const parsed = parseEvent(text, { file, line });
      if (!parsed.ok) {
        problems.push({ line, message: `line ${line}: ${parsed.error.message}` });
        return;
      }
      const list = events.get(parsed.event.callId) ?? [];
      list.push(parsed.event);
      events.set(parsed.event.callId, list);
    });
  return { events, expectations, problems };
}

function parseExpectation(record: Record<string, unknown>, line: number): Expectation | string {
  const { expect, title, findings = [], scope = ['*'] } = record;
  if (typeof expect !== 'string' || expect === '') return '"expect" must be the call id the record is about';
  if (title !== undefined && typeof title !== 'string') return '"title" must be text';
  if (!Array.isArray(scope) || !scope.every((s) => typeof s === 'string')) return '"scope" must be a list of rule-id or category globs such as "zh.forbidden.*"';
  if (!Array.isArray(findings)) return '"findings" must be a list of {"rule": "<rule id>", "utterance": "u3"}';
  const parsed: ExpectedFinding[] = [];
  for (const f of findings as unknown[]) {
    const { rule, category, utterance } = (f ?? {}) as { rule?: unknown; category?: unknown; utterance?: unknown };
    const ok = (rule === undefined || typeof rule === 'string') && (category === undefined || typeof category === 'string') && (utterance === undefined || typeof utterance === 'string');
    if (!ok || (rule === undefined && category === undefined)) return 'each finding must be {"rule": "<rule id>"} or {"category": "<category>"}, with "utterance": "u3" where it matters';
    parsed.push({ ...(typeof rule === 'string' ? { rule } : {}), ...(typeof category === 'string' ? { category } : {}), ...(typeof utterance === 'string' ? { utterance } : {}) });
  }
  return { callId: expect, ...(typeof title === 'string' ? { title } : {}), findings: parsed, scope: scope as string[], line };
}
