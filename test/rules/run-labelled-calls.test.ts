import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLabelledCalls } from '../../rules/testing/run-labelled-calls.js';
import { callScript } from '../support/call-script.js';
import { packFromYaml, writePackFiles } from '../support/packs.js';

const pack = packFromYaml(
  "id: p\nversion: 1.0.0\nlanguage: zh-CN\nrules:\n  - id: p.buguan\n    category: forbidden_phrase\n    kind: phrase\n    nudge: x\n    match: ['不关我的事']\n  - id: p.hangup\n    category: agent_hangup_first\n    kind: hangup\n",
);

function files(calls: ReadonlyArray<readonly object[]>, labels: readonly object[]): { calls: string; labels: string } {
  const dir = writePackFiles({});
  const c = join(dir, 'calls.jsonl');
  const l = join(dir, 'labels.jsonl');
  writeFileSync(c, calls.flatMap((events) => events.map((e) => JSON.stringify(e))).join('\n') + '\n');
  writeFileSync(l, labels.map((x) => JSON.stringify(x)).join('\n') + '\n');
  return { calls: c, labels: l };
}

describe('runLabelledCalls', () => {
  const rude = callScript('zh-1').agent('您好').agent('这不关我的事。').end('agent').events;
  const polite = callScript('zh-2').agent('您好').agent('我马上帮您处理。').end('customer').events;
  const english = callScript('en-1', 'en-US').agent('Hello').end('agent').events;

  it('passes calls whose findings are their labelled violations in the categories the pack covers', () => {
    const f = files(
      [rude, polite, english],
      [
        { callId: 'zh-1', violations: [{ category: 'forbidden_phrase', utteranceId: 'u2' }, { category: 'agent_hangup_first' }, { category: 'dead_air' }] },
        { callId: 'zh-2', violations: [] },
        { callId: 'en-1', violations: [] },
      ],
    );
    expect(runLabelledCalls(pack, [f.calls], f.labels).map((r) => [r.callId, r.passed, r.line])).toEqual([
      ['zh-1', true, 1],
      ['zh-2', true, 2],
    ]);
  });

  it('fails a call with a missed violation or an unlabelled finding, saying which', () => {
    const f = files([rude, polite], [{ callId: 'zh-1', violations: [{ category: 'forbidden_phrase', utteranceId: 'u1' }] }, { callId: 'zh-2', violations: [{ category: 'forbidden_phrase', utteranceId: 'u2' }] }]);
    const [one, two] = runLabelledCalls(pack, [f.calls], f.labels);
    // agent_hangup_first appears in no label of this corpus, so the hang-up finding is out of scope.
    expect(one?.failures).toEqual(['expected forbidden_phrase at u1, but it was not flagged there (it was flagged at u2)', expect.stringContaining('unexpected p.buguan at u2')]);
    expect(two?.failures).toEqual(['expected forbidden_phrase at u2, but it was not flagged']);
  });
});
