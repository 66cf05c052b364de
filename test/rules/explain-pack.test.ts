import { describe, expect, it } from '@jest/globals';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { explainPack } from '../../rules/explain/explain-pack.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';
import { writePackFiles } from '../support/packs.js';

function explain(yaml: string, options = {}): string {
  const loaded = loadPack(writePackFiles({ 'pack.yaml': yaml }), resolveShippedPack);
  return explainPack(loaded, compilePack(loaded).pack, options);
}

describe('explainPack', () => {
  const yaml = [
    'id: p\nversion: 1.2.0\nlanguage: zh-CN\nlexicons:\n  boss: [领导, 经理]\nallow: [没关系]\nrules:',
    "  - id: r.boss\n    category: forbidden_phrase\n    kind: phrase\n    nudge: 请勿推给{phrase}\n    match: ['^找(我们)?{boss}去$', '有意见…找{boss}']\n    except: ['我请{boss}']",
    "  - id: r.card\n    category: forbidden_phrase\n    kind: phrase\n    provisional: false\n    regex: ['\\d{16}']\n    nudge: x",
    '  - id: r.off\n    category: agent_hangup_first\n    kind: hangup\n    enabled: false',
    "  - id: r.greet\n    category: greeting_missing\n    kind: require\n    window: { firstTurns: 1 }\n    groups:\n      hello: { label: 问候语, match: ['您好'] }",
  ].join('\n');

  it('shows what each pattern matches after expansion, with anchors, gap limits and lexicon terms', () => {
    const text = explain(yaml);
    expect(text).toContain('p@1.2.0 (zh-CN)');
    expect(text).toContain('allow (pack-wide: a hit overlapping one of these is never flagged): 没关系');
    expect(text).toContain('match  "^找(我们)?{boss}去$" → 4 variants: ^找我们领导去$ · ^找我们经理去$ · ^找领导去$ · ^找经理去$');
    expect(text).toContain('match  "有意见…找{boss}" → 2 variants: 有意见 …{4} 找领导 · 有意见 …{4} 找经理');
    expect(text).toContain('except  "我请{boss}" → 2 variants: 我请领导 · 我请经理');
    expect(text).toContain('nudge: 请勿推给{phrase}');
  });

  it('explains regexes, detector parameters and disabled rules', () => {
    const text = explain(yaml);
    expect(text).toContain('match  regex /\\d{16}/');
    expect(text).toContain('flags on final results only');
    expect(text).toContain('r.off  (disabled: enabled: false)');
    expect(text).toContain('every group must be said in the first 1 agent turn(s): hello (问候语)');
  });

  it('says how many groups a require rule with atLeast needs', () => {
    const text = explain(
      "id: p\nversion: 1.0.0\nlanguage: zh-CN\nrules:\n  - id: r.open\n    category: greeting_missing\n    kind: require\n    nudge: x\n    window: { firstTurns: 1 }\n    atLeast: 2\n    groups:\n      hello: { label: 问候语, match: ['您好'] }\n      id: { label: 工号, match: ['工号'] }\n      offer: { label: 询问需求, match: ['有什么可以帮您'] }",
    );
    expect(text).toContain('at least 2 of the 3 groups must be said in the first 1 agent turn(s)');
  });

  it('limits the variants listed and filters rules by id', () => {
    const text = explain(yaml, { maxVariants: 1, rule: 'r.b*' });
    expect(text).toContain('4 variants: ^找我们领导去$ · … 3 more');
    expect(text).not.toContain('r.card');
  });
});
