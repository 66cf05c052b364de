import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { PackError, type PackProblem } from '../../rules/compiler/pack-problem.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';
import { writePackFiles } from '../support/packs.js';

const header = 'id: p\nversion: 1.0.0\nlanguage: zh-CN\n';

function problemsOf(files: Record<string, string>): PackProblem[] {
  const dir = writePackFiles(files);
  try {
    compilePack(loadPack(join(dir, 'pack.yaml'), resolveShippedPack));
  } catch (err) {
    if (err instanceof PackError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('loadPack and compilePack', () => {
  it('points at a YAML syntax error', () => {
    const [p] = problemsOf({ 'pack.yaml': `${header}rules: [\n  - id: x\n` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_YAML_SYNTAX', line: expect.any(Number) });
  });

  it('names an unknown key with a did-you-mean, at its line and column', () => {
    const [p] = problemsOf({ 'pack.yaml': `${header}rules:\n  - id: r1\n    category: forbidden_phrase\n    kind: phrase\n    macth: ['不关我的事']\n` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_UNKNOWN_KEY', line: 8, column: 5, ruleId: 'r1' });
    expect(p?.message).toContain('did you mean "match"');
  });

  it('names a wrong type at the value', () => {
    const [p] = problemsOf({ 'pack.yaml': `${header}rules:\n  - id: r1\n    category: forbidden_phrase\n    kind: phrase\n    severity: loud\n    match: ['x']\n` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_SCHEMA', line: 8, column: 15, ruleId: 'r1' });
    expect(p?.message).toContain('"info", "warn", "critical"');
  });

  it('reports an unknown rule kind', () => {
    const [p] = problemsOf({ 'pack.yaml': `${header}rules:\n  - id: r1\n    category: dead_air\n    kind: telepathy\n` });
    expect(p?.message).toContain('unknown rule kind "telepathy"');
  });

  it('reports a duplicate id at the second one, naming the first', () => {
    const rule = (id: string) => `  - id: ${id}\n    category: forbidden_phrase\n    kind: phrase\n    match: ['x']\n`;
    const [p] = problemsOf({ 'pack.yaml': `${header}include: [more.yaml]\nrules:\n${rule('same')}`, 'more.yaml': `rules:\n${rule('same')}` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_DUPLICATE_ID', line: 2, column: 9 });
    expect(p?.file.endsWith('more.yaml')).toBe(true);
    expect(p?.message).toContain('pack.yaml:6:9');
  });

  it('points at the column of a pattern error inside the string', () => {
    const [p] = problemsOf({ 'pack.yaml': `${header}rules:\n  - id: r1\n    category: forbidden_phrase\n    kind: phrase\n    match: ['找(领导|经理']\n` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_PATTERN', line: 8, column: 15, ruleId: 'r1' });
  });

  it('reports a pattern that can never match after normalisation', () => {
    const [p] = problemsOf({ 'pack.yaml': `${header}rules:\n  - id: r1\n    category: forbidden_phrase\n    kind: phrase\n    match: ['！？']\n` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_NEVER_MATCHES', line: 8 });
  });

  it('overrides a base pack rule by rule', () => {
    const dir = writePackFiles({
      'pack.yaml': `id: team\nversion: 1.1.0\nlanguage: zh-CN\nextends: zh-CN-standard\nrules:\n  - id: zh.forbidden.ni_wen_wo\n    category: forbidden_phrase\n    kind: phrase\n    enabled: false\n    match: ['x']\n`,
    });
    const { pack } = compilePack(loadPack(join(dir, 'pack.yaml'), resolveShippedPack));
    expect(pack.id).toBe('team');
    expect(pack.rules.some((r) => r.id === 'zh.forbidden.ni_wen_wo')).toBe(false);
    expect(pack.rules.some((r) => r.id === 'zh.opening.greeting')).toBe(true);
  });

  it('refuses a missing base pack', () => {
    const [p] = problemsOf({ 'pack.yaml': `${header}extends: nowhere-pack\n` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_EXTENDS', line: 4 });
  });
});
