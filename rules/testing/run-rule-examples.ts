import { Subject, VirtualTimeScheduler } from 'rxjs';
import { createEngine, type CallEvent, type CompiledPack, type EngineOutput, type Speaker } from '../../engine/index.js';
import type { RuleDocument } from '../schema/pack-schema.js';

/** The verdict on one example of one rule. */
export interface ExampleResult {
  readonly ruleId: string;
  readonly expect: 'hit' | 'miss';
  readonly text: string;
  readonly passed: boolean;
  /** What the rule actually did, for the failure message. */
  readonly detail: string;
}

/**
 * Runs every example of every rule through the real engine: each example becomes a small call in which the rule's
 * speaker says the example where the rule looks (the only agent turn, or the last one), and the rule must flag it
 * (hit) or stay silent (miss).
 */
export function runRuleExamples(pack: CompiledPack, rules: readonly RuleDocument[]): ExampleResult[] {
  const results: ExampleResult[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !rule.examples) continue;
    for (const expect of ['hit', 'miss'] as const) {
      for (const text of rule.examples[expect]) {
        const findings = runExample(pack, rule, text);
        const flagged = findings.length > 0;
        results.push({
          ruleId: rule.id,
          expect,
          text,
          passed: flagged === (expect === 'hit'),
          detail: flagged ? `flagged: ${findings.map((f) => f.evidence.explanation).join('; ')}` : 'not flagged',
        });
      }
    }
  }
  return results;
}

function runExample(pack: CompiledPack, rule: RuleDocument, text: string) {
  const speaker: Speaker = rule.speaker === 'customer' ? 'customer' : 'agent';
  const callId = `example:${rule.id}`;
  const events: CallEvent[] = [{ type: 'call.started', callId, tMs: 0, language: pack.language }];
  const chars = [...text];
  const half = chars.slice(0, Math.ceil(chars.length / 2)).join('');
  events.push({ type: 'utterance.partial', callId, utteranceId: 'u1', speaker, text: half, startMs: 1_000, endMs: 2_000, tMs: 2_000 });
  events.push({ type: 'utterance.final', callId, utteranceId: 'u1', speaker, text, startMs: 1_000, endMs: 4_000, tMs: 4_200 });
  events.push({ type: 'call.ended', callId, tMs: 6_000, endedBy: 'customer' });
  return collectFindings(pack, events).filter((f) => f.ruleId === rule.id);
}

function collectFindings(pack: CompiledPack, events: readonly CallEvent[]) {
  const scheduler = new VirtualTimeScheduler(undefined, Infinity);
  const inputs = new Subject<{ event: CallEvent }>();
  const outputs: EngineOutput[] = [];
  const subscription = inputs.pipe(createEngine({ scheduler, packs: () => [pack], reorderWindowMs: 0 })).subscribe((o) => outputs.push(o));
  for (const event of events) scheduler.schedule(() => inputs.next({ event }), event.tMs);
  scheduler.flush();
  inputs.complete();
  scheduler.flush();
  subscription.unsubscribe();
  return outputs.flatMap((o) => (o.type === 'finding' ? [o.finding] : []));
}
