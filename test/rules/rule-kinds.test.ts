import { describe, expect, it } from '@jest/globals';
import { BUILTIN_DETECTORS } from '../../engine/index.js';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { explainPack } from '../../rules/explain/explain-pack.js';
import { NUDGE_PLACEHOLDERS } from '../../rules/kinds/rule-kind.js';
import { RULE_KINDS, ruleKind } from '../../rules/kinds/rule-kinds.js';
import { resolveShippedPack, shippedPackIds } from '../../rules/packs/shipped-packs.js';

// The kinds table is the one place a kind is listed; this checks every kind there is whole, and that the engine runs it.
describe('the rule kinds table', () => {
  it('names the same kinds as the engine has detectors for, each once', () => {
    const names = RULE_KINDS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.keys(BUILTIN_DETECTORS).sort());
  });

  it.each(RULE_KINDS.map((k) => [k.name, k] as const))('gives %s a schema with its own kind literal, a compiler, explain text and placeholders', (name, kind) => {
    expect(kind.schema.shape.kind.parse(name)).toBe(name);
    expect(() => kind.schema.shape.kind.parse(name === 'phrase' ? 'hold' : 'phrase')).toThrow();
    expect(typeof kind.compile).toBe('function');
    expect(typeof kind.explain).toBe('function');
    for (const p of kind.placeholders) expect(NUDGE_PLACEHOLDERS).toContain(p);
    expect(ruleKind(name)).toBe(kind);
  });

  it('is exercised by the shipped packs, and explains every shipped rule in words rather than raw parameters', () => {
    const seen = new Set<string>();
    for (const id of shippedPackIds()) {
      const loaded = loadPack(resolveShippedPack(id) as string, resolveShippedPack);
      const { pack } = compilePack(loaded);
      for (const rule of pack.rules) {
        seen.add(rule.kind);
        const lines = ruleKind(rule.kind).explain(rule as never);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(line).not.toMatch(/undefined|NaN|\[object|parameters: \{/);
      }
      expect(explainPack(loaded, pack)).not.toContain('parameters: {');
    }
    expect([...seen].sort()).toEqual(RULE_KINDS.map((k) => k.name).sort());
  });
});
