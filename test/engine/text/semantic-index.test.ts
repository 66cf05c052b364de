import { describe, expect, it } from '@jest/globals';
import { compilePhraseIndex, compileSemanticIndex, withSemanticStage, type PhraseEntry, type SemanticExemplar } from '../../../engine/index.js';

const ZH: SemanticExemplar[] = [
  { text: '这事跟我没关系', ruleId: 'zh.buguan' },
  { text: '不关我的事', ruleId: 'zh.buguan' },
  { text: '这不是我们的问题', ruleId: 'zh.zeren' },
  { text: '没关系，您慢慢说' },
];
const EN: SemanticExemplar[] = [
  { text: "i can't help you ask someone else", ruleId: 'en.elsewhere' },
  { text: 'why are you still on the line', ruleId: 'en.still' },
  { text: 'no problem, let me check that for you' },
];
const options = { threshold: 0.5, margin: 0.05, minUnits: 3 };

describe('compileSemanticIndex', () => {
  it('finds a paraphrase near a rule exemplar and says which one and how close', () => {
    const found = compileSemanticIndex(ZH, 'zh', options).nearest('这事儿跟我没啥关系');
    expect(found).toMatchObject({ ruleId: 'zh.buguan', exemplar: '这事跟我没关系' });
    expect(found?.similarity).toBeGreaterThanOrEqual(0.5);
    expect(found?.similarity).toBeLessThan(1);
  });

  it('never flips a negation: 这是我们的问题 is not 这不是我们的问题', () => {
    expect(compileSemanticIndex(ZH, 'zh', options).nearest('这是我们的问题，我马上处理')).toBeUndefined();
  });

  it('takes a text closer to a polite exemplar as polite', () => {
    expect(compileSemanticIndex(ZH, 'zh', options).nearest('没关系，您慢慢说')).toBeUndefined();
  });

  it('keeps the persons: a sentence about someone else is not one about the customer', () => {
    const index = compileSemanticIndex(EN, 'en', options);
    expect(index.nearest("I can't help you with that, try someone else.")?.ruleId).toBe('en.elsewhere');
    expect(index.nearest('They can help with that, someone else is on it.')).toBeUndefined();
  });

  it('does not judge a polite clause on its own', () => {
    expect(compileSemanticIndex(EN, 'en', options).nearest('Are you still on the line? I found your order.')).toBeUndefined();
  });

  it('stays below the threshold on unrelated text and on nothing', () => {
    const index = compileSemanticIndex(EN, 'en', options);
    expect(index.nearest('Your order ships tomorrow morning.')).toBeUndefined();
    expect(index.nearest('')).toBeUndefined();
  });
});

describe('withSemanticStage', () => {
  const entries: PhraseEntry[] = [{ key: 'zh.buguan#match#0', ruleId: 'zh.buguan', role: 'match', pattern: '不关我的事' }];

  it('adds a semantic hit only where no pattern of the rule matched, with the exemplar as its pattern', () => {
    const phrases = withSemanticStage(compilePhraseIndex(entries, 'zh'), compileSemanticIndex(ZH, 'zh', options));
    const byPattern = phrases.analyze('不关我的事！').hits;
    expect(byPattern.map((h) => h.method)).toEqual(['exact']);
    const [hit] = phrases.analyze('这事儿跟我没啥关系').hits;
    expect(hit).toMatchObject({ ruleId: 'zh.buguan', role: 'match', method: 'semantic', pattern: '这事跟我没关系', start: 0, end: 9 });
    expect(phrases.variantsOf('zh.buguan#match#0')).toEqual(['不关我的事']);
  });
});
