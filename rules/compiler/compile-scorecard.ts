import type { CompiledScorecard, ScorecardItem, ScorecardSection } from '../../engine/index.js';
import { didYouMean } from './did-you-mean.js';
import type { LoadedPack } from './load-pack.js';
import { PACK_PROBLEM_CODES, type PackProblem } from './pack-problem.js';
import { positionOf } from './yaml-source.js';

/** Weights are percentages written by hand: 33.3 + 33.3 + 33.4 must pass. */
const WEIGHT_TOLERANCE = 0.01;

/**
 * Checks a pack's scorecard against its rules and freezes it: section weights add up to 100, ids are unique, every
 * item is either tied to rules of this pack or manual, perFinding fits in the item's points. Errors point at the
 * scorecard file's line and column; an item tied only to disabled rules is a warning (it would always pass).
 */
export function compileScorecard(loaded: LoadedPack): { scorecard?: CompiledScorecard; problems: PackProblem[] } {
  const card = loaded.scorecard;
  if (!card) return { problems: [] };
  const { document, source } = card;
  const file = source.file;
  const problems: PackProblem[] = [];
  const at = (path: ReadonlyArray<string | number>) => positionOf(source, path);
  const error = (path: ReadonlyArray<string | number>, message: string, ruleId?: string) =>
    problems.push({ code: PACK_PROBLEM_CODES.SCORECARD, severity: 'error', file, ...at(path), ...(ruleId ? { ruleId } : {}), message });

  const total = document.sections.reduce((sum, s) => sum + s.weight, 0);
  if (Math.abs(total - 100) > WEIGHT_TOLERANCE) {
    error(['sections'], `section weights add up to ${round(total)} (${document.sections.map((s) => `${s.id} ${s.weight}`).join(' + ')}); they must add up to 100`);
  }
  const rulesById = new Map(loaded.rules.map((r) => [r.rule.id, r.rule]));
  const ruleIds = [...rulesById.keys()];
  const sectionIds = new Map<string, number>();
  const itemIds = new Map<string, string>();
  const sections: ScorecardSection[] = document.sections.map((section, s) => {
    const first = sectionIds.get(section.id);
    if (first !== undefined) error(['sections', s, 'id'], `section id ${section.id} is already used by section ${first + 1}; ids must be unique`);
    else sectionIds.set(section.id, s);
    const items: ScorecardItem[] = section.items.map((item, i) => {
      const path = ['sections', s, 'items', i];
      const seenIn = itemIds.get(item.id);
      if (seenIn !== undefined) error([...path, 'id'], `item id ${item.id} is already used in section ${seenIn}; item ids must be unique in the scorecard`);
      else itemIds.set(item.id, section.id);
      if (item.rules && item.manual) error([...path, 'manual'], `item ${item.id} has both rules and manual: true; an item is filled from findings or by the reviewer, not both`);
      if (!item.rules && !item.manual) error([...path, 'id'], `item ${item.id} needs rules: [rule ids] (filled from findings) or manual: true (scored by the reviewer)`);
      if (item.perFinding !== undefined && item.manual) error([...path, 'perFinding'], `item ${item.id} is manual: perFinding applies only to items filled from findings`);
      if (item.perFinding !== undefined && item.perFinding > item.points) error([...path, 'perFinding'], `perFinding ${item.perFinding} is more than the item's ${item.points} points`);
      const expanded: string[] = [];
      (item.rules ?? []).forEach((ref, r) => {
        const matched = ref.endsWith('.*') ? ruleIds.filter((id) => id.startsWith(ref.slice(0, -1))) : rulesById.has(ref) ? [ref] : [];
        if (matched.length === 0) {
          const hint = ref.endsWith('.*') ? undefined : didYouMean(ref, ruleIds);
          error([...path, 'rules', r], `item ${item.id} names ${ref.endsWith('.*') ? `rules ${ref}, but no rule of this pack starts with ${ref.slice(0, -1)}` : `rule ${ref}, which this pack does not have`}${hint ? `; did you mean ${hint}?` : ''}`, ref.endsWith('.*') ? undefined : ref);
        }
        for (const id of matched) if (!expanded.includes(id)) expanded.push(id);
      });
      const enabled = expanded.filter((id) => rulesById.get(id)?.enabled);
      if (item.rules && expanded.length > 0 && enabled.length === 0) {
        problems.push({ code: PACK_PROBLEM_CODES.SCORECARD, severity: 'warning', file, ...at([...path, 'rules']), message: `every rule of item ${item.id} is disabled: the item will always pass` });
      }
      return Object.freeze({
        id: item.id,
        title: item.title,
        points: item.points,
        rules: Object.freeze(expanded),
        ...(item.perFinding !== undefined ? { perFinding: item.perFinding } : {}),
        autoFail: item.autoFail,
        naAllowed: item.naAllowed,
        ...(item.guidance !== undefined ? { guidance: item.guidance } : {}),
      });
    });
    return Object.freeze({ id: section.id, title: section.title, weight: section.weight, items: Object.freeze(items) });
  });
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const version = loaded.header.version;
  return {
    scorecard: Object.freeze({ id: document.id, version, pack: `${loaded.header.id}@${version}`, title: document.title, passMark: document.passMark, sections: Object.freeze(sections) }),
    problems,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
