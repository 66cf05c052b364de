import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { PackProblem } from '../../../rules/compiler/pack-problem.js';
import { lintPack } from '../../../rules/lint/lint-pack.js';
import { resolveShippedPack, shippedPackIds } from '../../../rules/packs/shipped-packs.js';
import { writePackFiles } from '../../support/packs.js';

const zh = 'id: p\nversion: 1.0.0\nlanguage: zh-CN\n';
const en = 'id: p\nversion: 1.0.0\nlanguage: en-US\n';

/** A phrase rule as YAML lines (indented for `rules:`), with overridable fields. */
function phrase(id: string, fields: string): string {
  return `  - id: ${id}\n    category: forbidden_phrase\n    kind: phrase\n${fields}`;
}

function lint(files: Record<string, string>): PackProblem[] {
  const dir = writePackFiles(files);
  return [...lintPack(join(dir, 'pack.yaml'), resolveShippedPack).problems];
}

function only(problems: PackProblem[], code: string): PackProblem[] {
  return problems.filter((p) => p.code === code);
}

describe('lintPack', () => {
  it('reports a YAML syntax error at its line:column', () => {
    const [p] = lint({ 'pack.yaml': `${zh}rules:\n  - id: r1\n    match: ['不关我的事'\n` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_YAML_SYNTAX', line: 7, column: 1, severity: 'error' });
  });

  it('reports a missing included file at the include entry', () => {
    const [p] = lint({ 'pack.yaml': `${zh}include:\n  - forbiden.yaml\n` });
    expect(p).toMatchObject({ code: 'CALLCOACH_RULES_FILE_UNREADABLE', line: 5, column: 5, severity: 'error' });
  });

  it('reports an unknown key with a did-you-mean at its line:column', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: 请勿推诿\n    macth: ['不关我的事']\n")}` }), 'CALLCOACH_RULES_UNKNOWN_KEY');
    expect(p).toMatchObject({ line: 9, column: 5, ruleId: 'r1', severity: 'error' });
    expect(p?.message).toContain('did you mean "match"');
  });

  it('reports a wrong type at the value', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: 请勿推诿\n    provisional: sometimes\n    match: ['不关我的事']\n")}` }), 'CALLCOACH_RULES_SCHEMA');
    expect(p).toMatchObject({ line: 9, column: 18, ruleId: 'r1', severity: 'error' });
    expect(p?.message).toContain('"rules.0.provisional"');
  });

  it('reports a duplicate id at the second rule, naming the first', () => {
    const problems = lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: a\n    match: ['不关我的事']\n")}${phrase('r1', "    nudge: b\n    match: ['不归我管']\n")}` });
    const [p] = only(problems, 'CALLCOACH_RULES_DUPLICATE_ID');
    expect(p).toMatchObject({ line: 10, column: 9, severity: 'error' });
    expect(p?.message).toContain('pack.yaml:5:9');
  });

  it('warns about a rule with no nudge text, at its id', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    match: ['不关我的事']\n    examples: { hit: ['不关我的事'] }\n")}` }), 'CALLCOACH_RULES_NUDGE_MISSING');
    expect(p).toMatchObject({ line: 5, column: 9, ruleId: 'r1', severity: 'warning' });
  });

  it('reports a pattern that is empty after normalisation', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: x\n    match: ['不关我的事', '！？']\n")}` }), 'CALLCOACH_RULES_NEVER_MATCHES');
    expect(p).toMatchObject({ line: 9, column: 23, ruleId: 'r1', severity: 'error' });
  });

  it('reports every broken pattern, not just the first', () => {
    const problems = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: x\n    match: ['找(领导', '你?']\n")}` }), 'CALLCOACH_RULES_PATTERN');
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [9, 15],
      [9, 23],
    ]);
  });

  it('reports a pattern the allow list always suppresses', () => {
    const problems = lint({ 'pack.yaml': `${zh}allow: [没关系]\nrules:\n${phrase('r1', "    nudge: x\n    match: ['(没关系|没问题)的']\n")}` });
    expect(only(problems, 'CALLCOACH_RULES_NEVER_MATCHES').map((p) => p.severity)).toEqual(['warning']); // only some expansions
    const [q] = only(lint({ 'pack.yaml': `${zh}allow: [没关系]\nrules:\n${phrase('r1', "    nudge: x\n    match: ['[真的]没关系']\n")}` }), 'CALLCOACH_RULES_NEVER_MATCHES');
    expect(q).toMatchObject({ line: 10, column: 13, ruleId: 'r1', severity: 'error' });
    expect(q?.message).toContain('allow-list term "没关系"');
  });

  it('reports a pattern its own except context always suppresses', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: x\n    match: ['我没办法查']\n    except: ['没办法']\n")}` }), 'CALLCOACH_RULES_NEVER_MATCHES');
    expect(p).toMatchObject({ line: 9, column: 13, severity: 'error' });
    expect(p?.message).toContain('except context');
  });

  it('warns when only some expansions of a pattern are always suppressed', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: x\n    match: ['跟我(无关|没关系)']\n    except: ['没关系']\n")}` }), 'CALLCOACH_RULES_NEVER_MATCHES');
    expect(p).toMatchObject({ line: 9, column: 13, severity: 'warning' });
    expect(p?.message).toContain('1 of the 2 phrases');
    expect(p?.message).toContain('"跟我没关系"');
  });

  it('warns about an except context or allow term that shares nothing with the phrases it could suppress', () => {
    const problems = only(lint({ 'pack.yaml': `${zh}allow: [您好]\nrules:\n${phrase('r1', "    nudge: x\n    match: ['不关我的事']\n    except: ['请稍等', '不关机']\n")}` }), 'CALLCOACH_RULES_NEVER_MATCHES');
    expect(problems.map((p) => [p.line, p.column, p.severity, p.message.split(' can ')[0]])).toEqual([
      [4, 9, 'warning', 'allow term "您好"'],
      [11, 14, 'warning', 'except context "请稍等"'],
    ]);
  });

  it('reports a regex with upper-case letters, which normalised text never has', () => {
    const [p] = only(lint({ 'pack.yaml': `${en}rules:\n${phrase('r1', "    nudge: x\n    regex: ['card \\d{4} VISA']\n")}` }), 'CALLCOACH_RULES_NEVER_MATCHES');
    expect(p).toMatchObject({ line: 9, column: 25, severity: 'error' });
  });

  it('warns about an English word glued to a group of several-word options, not about suffix groups', () => {
    const problems = only(lint({ 'pack.yaml': `${en}rules:\n${phrase('r1', "    nudge: x\n    match: ['i am busy(you know|here)', 'call(s|ed) me']\n")}` }), 'CALLCOACH_RULES_NEVER_MATCHES');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 9, column: 23, severity: 'warning' });
    expect(problems[0]?.message).toContain('"busyyou"');
  });

  it('reports a regex open to catastrophic backtracking at the column of its hot spot', () => {
    const [p] = only(lint({ 'pack.yaml': `${en}rules:\n${phrase('r1', "    nudge: x\n    regex: ['ok', 'account (\\w+\\s?)+$']\n")}` }), 'CALLCOACH_RULES_REDOS');
    expect(p).toMatchObject({ line: 9, column: 29, ruleId: 'r1', severity: 'error' });
    expect(p?.message).toContain('exponentially');
  });

  it('points at the same character of a regex in double quotes, through its escapes', () => {
    const [p] = only(lint({ 'pack.yaml': `${en}rules:\n${phrase('r1', '    nudge: x\n    regex: ["\\\\d (\\\\w+\\\\s?)+$"]\n')}` }), 'CALLCOACH_RULES_REDOS');
    expect(p).toMatchObject({ line: 9, column: 19 });
  });

  it('reports a polynomial regex too', () => {
    const [p] = only(lint({ 'pack.yaml': `${en}rules:\n${phrase('r1', "    nudge: x\n    regex: ['\\s*\\d+\\s*x']\n")}` }), 'CALLCOACH_RULES_REDOS');
    expect(p).toMatchObject({ line: 9, severity: 'error' });
    expect(p?.message).toContain('polynomially (degree 2)');
  });

  it('warns when one rule is shadowed by another of the same category', () => {
    const problems = lint({
      'pack.yaml': `${zh}rules:\n${phrase('wide', "    nudge: x\n    match: ['不关我']\n")}${phrase('narrow', "    nudge: y\n    match: ['这(真)?不关我(的)?事']\n")}`,
    });
    const [p] = only(problems, 'CALLCOACH_RULES_SHADOWED');
    expect(p).toMatchObject({ line: 14, column: 13, ruleId: 'narrow', severity: 'warning' });
    expect(p?.message).toContain('shadowed by rule wide');
  });

  it('warns about identical patterns in two rules once, at the later one', () => {
    const problems = only(lint({ 'pack.yaml': `${en}rules:\n${phrase('a', "    nudge: x\n    match: ['calm down']\n")}${phrase('b', "    nudge: y\n    match: ['calm  DOWN!']\n")}` }), 'CALLCOACH_RULES_SHADOWED');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 14, column: 13, ruleId: 'b' });
    expect(problems[0]?.message).toContain('matches exactly what rule a matches');
  });

  it('does not call rules of different categories or speakers shadowed', () => {
    const problems = lint({
      'pack.yaml': `${zh}rules:\n${phrase('a', "    nudge: x\n    match: ['不关我']\n")}${phrase('b', "    speaker: customer\n    nudge: y\n    match: ['不关我的事']\n")}`,
    });
    expect(only(problems, 'CALLCOACH_RULES_SHADOWED')).toEqual([]);
  });

  it('reports an unknown placeholder in nudge text at its column', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: '请勿说“{phrse}”'\n    match: ['不关我的事']\n")}` }), 'CALLCOACH_RULES_PLACEHOLDER');
    expect(p).toMatchObject({ line: 8, column: 17, severity: 'error' });
    expect(p?.message).toContain('{phrase}');
  });

  it('warns about a placeholder the kind never fills', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: 已说{observed}次\n    match: ['不关我的事']\n")}` }), 'CALLCOACH_RULES_PLACEHOLDER');
    expect(p).toMatchObject({ line: 8, column: 14, severity: 'warning' });
  });

  it('reports examples that contradict their rule, at the example', () => {
    const problems = only(
      lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', "    nudge: x\n    match: ['不关我的事']\n    examples:\n      hit: ['不关我的事', '不归我管']\n      miss: ['这不关我的事']\n")}` }),
      'CALLCOACH_RULES_EXAMPLE_FAILED',
    );
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [11, 22],
      [12, 14],
    ]);
  });

  it('warns about an unused lexicon at its name', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}lexicons:\n  boss: [领导]\nrules:\n${phrase('r1', "    nudge: x\n    match: ['不关我的事']\n")}` }), 'CALLCOACH_RULES_UNUSED_LEXICON');
    expect(p).toMatchObject({ line: 5, column: 3, severity: 'warning' });
  });

  it('reports a phrase rule with neither match nor regex', () => {
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${phrase('r1', '    nudge: x\n')}` }), 'CALLCOACH_RULES_SCHEMA');
    expect(p).toMatchObject({ line: 7, column: 11, severity: 'error' });
  });

  it('reports a require rule that needs more groups than it has, at atLeast', () => {
    const rule = "  - id: r1\n    category: greeting_missing\n    kind: require\n    nudge: x\n    window: { firstTurns: 1 }\n    atLeast: 3\n    groups:\n      a: { label: a, match: [您好] }\n      b: { label: b, match: [工号] }\n";
    const [p] = only(lint({ 'pack.yaml': `${zh}rules:\n${rule}` }), 'CALLCOACH_RULES_SCHEMA');
    expect(p).toMatchObject({ line: 10, column: 14, severity: 'error', ruleId: 'r1' });
    expect(p?.message).toContain('only 2 group(s)');
  });

  it('reports errors its own changes cause in the base pack, such as an allow term that breaks a base example', () => {
    const problems = lint({ 'pack.yaml': 'id: team\nversion: 1.0.0\nlanguage: zh-CN\nextends: zh-CN-standard\nallow: [不关我的事]\n' });
    expect(problems.some((p) => p.code === 'CALLCOACH_RULES_EXAMPLE_FAILED' && p.ruleId === 'zh.forbidden.bu_guan_wo' && p.file.endsWith('forbidden.yaml'))).toBe(true);
  });

  it('reports only the pack’s own files, not its base pack', () => {
    const problems = lint({ 'pack.yaml': `id: team\nversion: 1.0.0\nlanguage: zh-CN\nextends: zh-CN-standard\nrules:\n${phrase('team.r1', "    nudge: x\n    match: ['不关我的事儿']\n    examples: { hit: ['不关我的事儿'] }\n")}` });
    expect(problems.every((p) => p.file.endsWith('pack.yaml') && !p.file.includes('zh-CN-standard'))).toBe(true);
  });

  it.each(shippedPackIds())('finds no errors in the shipped pack %s', (id) => {
    const report = lintPack(resolveShippedPack(id) as string, resolveShippedPack);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
