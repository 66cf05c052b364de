import { describe, expect, it } from '@jest/globals';
import { compilePack } from '../../../rules/compiler/compile-pack.js';
import { loadPack } from '../../../rules/compiler/load-pack.js';
import { PackError, type PackProblem } from '../../../rules/compiler/pack-problem.js';
import { resolveShippedPack } from '../../../rules/packs/shipped-packs.js';
import { shippedPack, writePackFiles } from '../../support/packs.js';

const PACK = `id: qa-test
version: 2.0.0
language: zh-CN
scorecard: scorecard.yaml
rules:
  - id: t.forbidden.a
    kind: phrase
    category: forbidden_phrase
    nudge: 不要说
    match: [你问我]
  - id: t.forbidden.b
    kind: phrase
    category: forbidden_phrase
    nudge: 不要说
    match: [不归我管]
  - id: t.greeting
    kind: require
    category: greeting_missing
    nudge: 请问候
    window: { firstTurns: 1 }
    groups:
      hello: { label: 问候, match: [您好] }
`;

const CARD = `id: t-qa
title: 测试评分表
sections:
  - id: etiquette
    title: 礼仪
    weight: 40
    items:
      - id: greeting
        title: 开场白
        points: 5
        rules: [t.greeting]
      - id: forbidden
        title: 禁语
        points: 10
        perFinding: 5
        rules: [t.forbidden.*]
  - id: resolution
    title: 解决
    weight: 60
    items:
      - id: solved
        title: 问题解决
        points: 10
        manual: true
`;

function problemsOf(files: Record<string, string>): PackProblem[] {
  const dir = writePackFiles(files);
  try {
    compilePack(loadPack(dir, resolveShippedPack));
  } catch (err) {
    if (err instanceof PackError) return err.problems.map((p) => ({ ...p, file: p.file.slice(dir.length + 1) }));
    throw err;
  }
  throw new Error('the pack compiled');
}

describe('compileScorecard', () => {
  it('compiles a scorecard versioned with its pack, expanding rule prefixes', () => {
    const pack = compilePack(loadPack(writePackFiles({ 'pack.yaml': PACK, 'scorecard.yaml': CARD }), resolveShippedPack)).pack;
    expect(pack.scorecard).toMatchObject({ id: 't-qa', version: '2.0.0', pack: 'qa-test@2.0.0', passMark: 80 });
    const forbidden = pack.scorecard?.sections[0]?.items[1];
    expect(forbidden?.rules).toEqual(['t.forbidden.a', 't.forbidden.b']);
    expect(pack.scorecard?.sections[1]?.items[0]).toMatchObject({ id: 'solved', rules: [], autoFail: false, naAllowed: false });
  });

  it('ships the zh-CN form of seed 004 (40/30/30) and an English equivalent', () => {
    for (const id of ['zh-CN-standard', 'en-US-standard'] as const) {
      const pack = shippedPack(id);
      const card = pack.scorecard;
      expect(card?.sections.map((s) => s.weight)).toEqual([40, 30, 30]);
      expect(card?.version).toBe(pack.version);
      const ruleIds = new Set(pack.rules.map((r) => r.id));
      for (const item of card?.sections.flatMap((s) => s.items) ?? []) for (const rule of item.rules) expect(ruleIds).toContain(rule);
      expect(card?.sections.flatMap((s) => s.items).filter((i) => i.autoFail).map((i) => i.id)).toEqual(['red_line']);
    }
    expect(shippedPack('zh-CN-standard').scorecard?.sections.map((s) => s.title)).toEqual(['礼仪规范度', '问题解决率', '客户满意度']);
  });

  it('refuses weights that do not add up to 100, at the sections line', () => {
    const [problem] = problemsOf({ 'pack.yaml': PACK, 'scorecard.yaml': CARD.replace('weight: 60', 'weight: 50') });
    expect(problem).toMatchObject({ code: 'CALLCOACH_RULES_SCORECARD', file: 'scorecard.yaml', line: 4, column: 3 });
    expect(problem?.message).toBe('section weights add up to 90 (etiquette 40 + resolution 50); they must add up to 100');
  });

  it('names an unknown rule id where it is written, with a suggestion', () => {
    const [problem] = problemsOf({ 'pack.yaml': PACK, 'scorecard.yaml': CARD.replace('rules: [t.greeting]', 'rules: [t.greting]') });
    expect(problem).toMatchObject({ code: 'CALLCOACH_RULES_SCORECARD', file: 'scorecard.yaml', line: 11, column: 17, ruleId: 't.greting' });
    expect(problem?.message).toContain('did you mean t.greeting?');
  });

  it('refuses a prefix no rule has, an item both manual and ruled, and perFinding above the points', () => {
    const problems = problemsOf({
      'pack.yaml': PACK,
      'scorecard.yaml': CARD.replace('[t.forbidden.*]', '[t.nothing.*]').replace('perFinding: 5', 'perFinding: 12').replace('        manual: true', '        manual: true\n        rules: [t.greeting]'),
    });
    expect(problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [15, 'perFinding 12 is more than the item\'s 10 points'],
      [16, 'item forbidden names rules t.nothing.*, but no rule of this pack starts with t.nothing.'],
      [24, 'item solved has both rules and manual'],
    ]);
  });

  it('reports schema problems in the scorecard file with did-you-mean', () => {
    const problems = problemsOf({ 'pack.yaml': PACK, 'scorecard.yaml': CARD.replace('        points: 5\n', '        pionts: 5\n') });
    expect(problems).toEqual([{ code: 'CALLCOACH_RULES_UNKNOWN_KEY', severity: 'error', file: 'scorecard.yaml', line: 10, column: 9, message: 'unknown key "pionts" in the scorecard; did you mean "points"?' }]);
  });

  it('refuses a scorecard file that does not exist, at the pack header', () => {
    const [problem] = problemsOf({ 'pack.yaml': PACK.replace('scorecard.yaml', 'missing.yaml') });
    expect(problem).toMatchObject({ code: 'CALLCOACH_RULES_FILE_UNREADABLE', file: 'pack.yaml', line: 4, column: 12, message: 'scorecard file missing.yaml does not exist' });
  });
});
