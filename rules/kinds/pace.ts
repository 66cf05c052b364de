import { z } from 'zod';
import { foldForCounting, type PaceParams } from '../../engine/index.js';
import { defineRuleKind, secondsText } from './rule-kind.js';
import { commonRuleFields, milliseconds } from './schema-parts.js';

/** kind: pace — speaking rate over a sliding window of continuous talk. Example: `mode: fast, limit: 200, windowMs: 40000`. */
export const paceRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('pace'),
  mode: z.enum(['fast', 'slow', 'relative']).describe('fast: rate >= limit; slow: rate <= limit; relative: the speaker at limit times the other side or more'),
  limit: z.number().positive().describe('characters (Chinese) or words (English) per minute; for relative, the ratio to the other side'),
  windowMs: milliseconds.min(5_000).default(40_000).describe('the rate is measured over the latest stretch of continuous talk at least this long'),
  maxGapMs: milliseconds.default(1_500).describe('a pause longer than this (or the other side speaking) ends a stretch of continuous talk'),
  hysteresis: z.number().min(0).max(0.5).default(0.1).describe('after a finding, the rate must come back past the limit by this fraction before another'),
  fillers: z.array(z.string().min(1)).default([]).describe('fillers that do not count as units: 嗯, 那个 where they open a clause; um, uh anywhere'),
  minOtherSpeechMs: milliseconds.default(20_000).describe('relative: how much of the other side must be heard before comparing'),
});

/** No patterns; fillers folded as the counter folds transcripts, longest first so 那个 is tried before 那. */
export const paceKind = defineRuleKind({
  name: 'pace',
  schema: paceRuleSchema,
  compile: (rule) => ({
    params: {
      mode: rule.mode,
      limit: rule.limit,
      windowMs: rule.windowMs,
      maxGapMs: rule.maxGapMs,
      hysteresis: rule.hysteresis,
      fillers: [...new Set(rule.fillers.map((f) => foldForCounting(f).trim()).filter((f) => f !== ''))].sort((a, b) => b.length - a.length),
      minOtherSpeechMs: rule.minOtherSpeechMs,
    } satisfies PaceParams,
    entries: [],
  }),
  explain: ({ params: p }) => {
    const when =
      p.mode === 'relative'
        ? `the speaker talks at ${p.limit} times the other side's rate or more (once ${secondsText(p.minOtherSpeechMs)} of the other side has been heard)`
        : `the rate is ${p.mode === 'fast' ? 'at or above' : 'at or below'} ${p.limit} per minute (characters in Chinese, words in English)`;
    return [
      `flags when ${when}, measured over the latest stretch of continuous talk of at least ${secondsText(p.windowMs)} (a pause over ${secondsText(p.maxGapMs)} or the other side speaking ends a stretch)`,
      `after a finding the rate must come back ${Math.round(p.hysteresis * 100)} % past the limit before another${p.fillers.length ? `; fillers not counted: ${p.fillers.join(' · ')}` : ''}`,
    ];
  },
  placeholders: ['observed', 'limit', 'unit', 'suggest'],
  showsNudge: true,
});
