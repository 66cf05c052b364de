import { describe, expect, it } from '@jest/globals';
import { packFromYaml } from '../support/packs.js';

const pack = (extra: string) =>
  packFromYaml(`id: p
version: 1.0.0
language: zh-CN
defaults:
  fuzzy: { sounds: true, edits: 1, minLength: 4 }
${extra}
rules:
  - id: r
    category: forbidden_phrase
    kind: phrase
    match: ['不要着急了']
    cites: ['test']
`);

describe('compilePack fuzziness', () => {
  it('gives rules the pack default, so sound-alikes match', () => {
    const hits = pack('').phrases.analyze('您不要着及了').hits;
    expect(hits.map((h) => [h.ruleId, h.method])).toEqual([['r', 'homophone']]);
  });

  it('matches allow-list terms by sound too, so a garbled polite phrase stays allowed', () => {
    expect(pack('allow: [您不要着急了]').phrases.analyze('您不要着及了').hits).toEqual([]);
  });
});
