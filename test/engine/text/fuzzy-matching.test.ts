import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { compilePhraseIndex, EXCEPT_ROLE, type FuzzyOptions, type PhraseEntry, type TextLanguage } from '../../../engine/index.js';

const SOUNDS: FuzzyOptions = { sounds: true, edits: 1, minLength: 4 };
const entry = (pattern: string, overrides: Partial<PhraseEntry> = {}): PhraseEntry => ({ key: `r#match#${pattern}`, ruleId: 'r', role: 'match', pattern, fuzzy: SOUNDS, ...overrides });
const hitsOf = (language: TextLanguage, entries: PhraseEntry[], text: string) => compilePhraseIndex(entries, language).analyze(text).hits;
const said = (language: TextLanguage, entries: PhraseEntry[], text: string) => hitsOf(language, entries, text).map((h) => text.slice(h.start, h.end));

describe('fuzzy matching in Chinese', () => {
  it('matches homophones by toneless pinyin, with a confidence below 1', () => {
    const hits = hitsOf('zh', [entry('不关我的事')], '我说，不管我的事！');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ method: 'homophone', start: 3, end: 8 });
    expect(hits[0]?.confidence).toBeLessThan(1);
    expect(said('zh', [entry('有意见找领导去')], '有意见找领到去。')).toEqual(['有意见找领到去']);
    expect(said('zh', [entry('你问我我问谁')], '你问我我问水记录上写得很清楚')).toEqual(['你问我我问水']);
  });

  it('matches every reading of a polyphone, and traditional characters', () => {
    expect(said('zh', [entry('不行就是不行')], '不醒就是不行')).toEqual(['不醒就是不行']);
    expect(said('zh', [entry('你着急什么')], '你著及什麼？')).toEqual(['你著及什麼']);
  });

  it('stays exact without fuzzy options, and below the minimum length', () => {
    expect(said('zh', [entry('不关我的事', { fuzzy: undefined } as Partial<PhraseEntry>)], '不管我的事')).toEqual([]);
    expect(said('zh', [entry('喂说话')], '喂说化')).toEqual([]);
    expect(said('zh', [entry('喂说话', { fuzzy: { ...SOUNDS, minLength: 3 } })], '喂说化')).toEqual(['喂说化']);
  });

  it('spends an edit on a long phrase only, inside it, and never on another real word', () => {
    const long = entry('这不是我们公司的责任');
    expect(said('zh', [long], '这不是我们公司的杂任')).toEqual(['这不是我们公司的杂任']);
    expect(hitsOf('zh', [long], '这不是我们公司的杂任')[0]?.method).toBe('edit');
    expect(said('zh', [entry('我要下班了')], '我要下单了，麻烦您确认地址')).toEqual([]);
    expect(said('zh', [entry('你有完没完', { fuzzy: { ...SOUNDS, edits: 3 } })], '你有完美丽')).toEqual([]);
  });

  it('lets a long phrase survive a dropped or an extra character, but not a slip and a sound-alike together', () => {
    expect(said('zh', [entry('我不是跟你说得很清楚了吗')], '我不是跟你说得清楚了吗')).toEqual(['我不是跟你说得清楚了吗']);
    expect(said('zh', [entry('这不是我们公司的责任')], '这不是我们公司的的责任')).toEqual(['这不是我们公司的的责任']);
    expect(said('zh', [entry('你怎么这么啰嗦')], '你怎么这么说话呢')).toEqual([]);
  });

  it('never lets a sound-alike swap in a different real word whose tones differ', () => {
    expect(said('zh', [entry('与我们无关')], '这事与我们物管那边有关')).toEqual([]);
    expect(said('zh', [entry('不关我的事')], '不管我的事！')).toEqual(['不管我的事']);
    expect(said('zh', [entry('这事与我们无关')], '这事与我们无官')).toEqual(['这事与我们无官']);
  });

  it('takes a homophone by the usual reading of a character, not by two rare readings meeting', () => {
    // 嘿 and 么 share only the rare reading "mo"; and a fuzzy match must start where a word starts.
    expect(said('zh', [entry('嘿说话', { fuzzy: { ...SOUNDS, minLength: 3 } })], '么说话')).toEqual([]);
    expect(said('zh', [entry('嘿说话', { fuzzy: { ...SOUNDS, minLength: 3 } })], '黑说话')).toEqual(['黑说话']);
    expect(said('zh', [entry('喂说话', { fuzzy: { ...SOUNDS, minLength: 3 } })], '你怎么这么说话')).toEqual([]);
  });

  it('never drops, adds or swaps a negation or a person to make a match', () => {
    expect(said('zh', [entry('我不是跟你说得很清楚了吗')], '我是跟你说得很清楚了吗')).toEqual([]);
    expect(said('zh', [entry('这不是我们公司的责任')], '这不是你们公司的责任')).toEqual([]);
    expect(said('zh', [entry('你听明白了吗')], '你听不明白了吗')).toEqual([]);
    // A sound-alike of a negation is still a recognition error, not another sentence.
    expect(said('zh', [entry('不行就是不行')], '布行就是不行')).toEqual(['布行就是不行']);
  });

  it('treats a complement the segmenter glued to a verb as a word of its own', () => {
    const exact = { fuzzy: undefined } as Partial<PhraseEntry>;
    expect(said('zh', [entry('麻烦您稍等', exact)], '麻烦您稍等一下，我帮您核实')).toEqual(['麻烦您稍等']);
    expect(said('zh', [entry('请您稍等', exact)], '请您稍等片刻好吗')).toEqual(['请您稍等']);
    // The segmenter's 感谢您 is the verb and its object.
    expect(said('zh', [entry('感谢…来电', exact)], '非常感谢您这次来电')).toEqual(['感谢您这次来电']);
  });

  it('does not fire across a word of the text', () => {
    expect(said('zh', [entry('你着急什么', { fuzzy: undefined } as Partial<PhraseEntry>)], '你着急什么时候要结果')).toEqual([]);
    expect(said('zh', [entry('你着急什么')], '你着急什么？')).toEqual(['你着急什么']);
  });

  it('lets except contexts suppress fuzzy hits too', () => {
    const entries = [entry('用不起就别用'), entry('用不起来', { key: 'r#except#0', role: EXCEPT_ROLE })];
    expect(said('zh', entries, '用不齐就别用')).toEqual(['用不齐就别用']);
    expect(said('zh', entries, '用不齐来就先别用了')).toEqual([]);
  });
});

describe('fuzzy matching in English', () => {
  const en = (pattern: string, fuzzy: FuzzyOptions = { sounds: true, edits: 1, minLength: 2 }) => entry(pattern, { fuzzy });

  it('matches words with the same phonetic key', () => {
    const hits = hitsOf('en', [en("that's not my problem")], 'Ma’am, thats knot my problem.');
    expect(hits).toHaveLength(1);
    expect(hits[0]?.method).toBe('phonetic');
    expect(said('en', [en("you're not listening")], 'your not listening')).toEqual(['your not listening']);
  });

  it('matches short homophones whose phonetic keys are too short to compare by spelling', () => {
    expect(said('en', [en('no means no')], 'no means know')).toEqual(['no means know']);
    expect(said('en', [en('nothing i can do about it')], 'nothing i can due about it')).toEqual(['nothing i can due about it']);
  });

  it('matches words the recogniser split or ran together', () => {
    expect(said('en', [en('call someone else')], 'call some one else')).toEqual(['call some one else']);
    expect(said('en', [en('i already told you')], 'Sir, I all ready told you.')).toEqual(['I all ready told you']);
    expect(said('en', [en('you should have read the terms')], "you should've read the terms")).toEqual(["you should've read the terms"]);
  });

  it('takes a garble that is no word for the word it resembles, but not a different real word', () => {
    expect(said('en', [en('calm down')], 'Look, com down.')).toEqual(['com down']);
    expect(hitsOf('en', [en('calm down')], 'com down')[0]?.method).toBe('edit');
    expect(said('en', [en('calm down')], 'Come down to any of our stores.')).toEqual([]);
    expect(said('en', [en('be quiet')], 'The wait will be quite long.')).toEqual([]);
  });

  it('takes a real word that is the pattern word with two neighbouring letters swapped, even in a short phrase', () => {
    expect(said('en', [en('calm down')], 'Clam down, please.')).toEqual(['Clam down']);
    expect(said('en', [en('calm down')], 'Clams are on the menu.')).toEqual([]);
  });

  it('lets a long phrase survive one close real word, never a short one or a word that sounds unlike', () => {
    expect(said('en', [en("speak up i can't hear you")], "Speak of, I can't hear you!")).toEqual(["Speak of, I can't hear you"]);
    expect(said('en', [en('what do you want')], 'What do you wont?')).toEqual(['What do you wont']);
    expect(said('en', [en('what do you want')], 'What do you need?')).toEqual([]);
    expect(said('en', [en('i already told you')], 'I already told him.')).toEqual([]);
  });

  it('never takes one person for another or bends a negation, however alike they sound', () => {
    // "your" and "our" share a phonetic key; "now" is one letter from "not".
    expect(said('en', [en("that's not our problem")], "It's not your problem to solve, that's what we're here for.")).toEqual([]);
    expect(said('en', [en("that's not my problem")], "that's now my problem")).toEqual([]);
    expect(said('en', [en('i already told you')], 'we already told you')).toEqual([]);
    // Homophones stay: knot for not, you're for your.
    expect(said('en', [en("that's not my problem")], 'thats knot my problem')).toEqual(['thats knot my problem']);
    expect(said('en', [en("your not listening")], "you're not listening")).toEqual(["you're not listening"]);
  });

  it('never matches fuzzily below the minimum length', () => {
    expect(said('en', [en('shut up', { sounds: true, edits: 1, minLength: 3 })], 'shot up')).toEqual([]);
  });
});

describe('fuzzy suppressors', () => {
  it('never let an except context spend an edit to hide a violation', () => {
    const fuzzy: FuzzyOptions = { sounds: true, edits: 1, minLength: 2 };
    const entries = [entry('what do you want', { fuzzy }), entry('what do you want me to send', { key: 'r#except#0', role: EXCEPT_ROLE, fuzzy })];
    expect(said('en', entries, 'What do you want me to send?')).toEqual([]);
    expect(said('en', entries, 'What do you want me to spend?')).toEqual(['What do you want']);
  });
});

describe('fuzzy matching on bad input', () => {
  it('survives any text without throwing, and keeps hits inside the text', () => {
    const zh = compilePhraseIndex([entry('不关我的事'), entry('你问我我问谁')], 'zh');
    const en = compilePhraseIndex([entry('calm down', { fuzzy: { sounds: true, edits: 1, minLength: 2 } })], 'en');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        for (const index of [zh, en]) {
          for (const hit of index.analyze(text).hits) {
            expect(hit.start).toBeGreaterThanOrEqual(0);
            expect(hit.end).toBeLessThanOrEqual(text.length);
            expect(hit.confidence).toBeGreaterThan(0);
            expect(hit.confidence).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 200 },
    );
    expect(zh.analyze('').hits).toEqual([]);
    expect(en.analyze('?!… ').hits).toEqual([]);
  });
});
