import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One utterance of the corpus with every revision the recogniser sent. */
export interface CorpusUtterance {
  readonly callId: string;
  readonly utteranceId: string;
  readonly language: 'zh' | 'en';
  readonly speaker: string;
  readonly partials: ReadonlyArray<{ readonly text: string; readonly tMs: number }>;
  readonly final: { readonly text: string; readonly tMs: number } | undefined;
}

/** The labelled corpus as the benchmarks need it. */
export interface Corpus {
  readonly eventsFile: string;
  readonly utterances: readonly CorpusUtterance[];
  /** "callId/utteranceId" of every labelled forbidden-phrase utterance. */
  readonly forbidden: ReadonlySet<string>;
  readonly calls: number;
}

const cache = new Map<string, Corpus>();

/** Loads calls.jsonl and labels.jsonl from a folder; undefined when they are not there. */
export function loadCorpus(dir: string): Corpus | undefined {
  const cached = cache.get(dir);
  if (cached) return cached;
  const eventsFile = join(dir, 'calls.jsonl');
  const labelsFile = join(dir, 'labels.jsonl');
  if (!existsSync(eventsFile) || !existsSync(labelsFile)) return undefined;
  const languages = new Map<string, 'zh' | 'en'>();
  const byKey = new Map<string, { callId: string; utteranceId: string; language: 'zh' | 'en'; speaker: string; partials: Array<{ text: string; tMs: number }>; final?: { text: string; tMs: number } }>();
  for (const line of readFileSync(eventsFile, 'utf8').split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as { type: string; callId: string; utteranceId?: string; speaker?: string; text?: string; tMs: number; language?: string };
    if (e.type === 'call.started') languages.set(e.callId, (e.language ?? '').startsWith('zh') ? 'zh' : 'en');
    if (e.type !== 'utterance.partial' && e.type !== 'utterance.final') continue;
    const key = `${e.callId}/${e.utteranceId}`;
    let u = byKey.get(key);
    if (!u) {
      u = { callId: e.callId, utteranceId: e.utteranceId ?? '', language: languages.get(e.callId) ?? 'en', speaker: e.speaker ?? 'unknown', partials: [] };
      byKey.set(key, u);
    }
    if (e.type === 'utterance.partial') u.partials.push({ text: e.text ?? '', tMs: e.tMs });
    else u.final = { text: e.text ?? '', tMs: e.tMs };
  }
  const forbidden = new Set<string>();
  for (const line of readFileSync(labelsFile, 'utf8').split('\n')) {
    if (!line) continue;
    const label = JSON.parse(line) as { callId: string; violations: Array<{ category: string; utteranceId?: string }> };
    for (const v of label.violations) if (v.category === 'forbidden_phrase') forbidden.add(`${label.callId}/${v.utteranceId}`);
  }
  const corpus: Corpus = { eventsFile, utterances: [...byKey.values()].map((u) => ({ ...u, final: u.final })), forbidden, calls: languages.size };
  cache.set(dir, corpus);
  return corpus;
}

/** Agent final utterances of one language, each with whether it is labelled forbidden. */
export function agentFinals(corpus: Corpus, language: 'zh' | 'en'): Array<{ text: string; forbidden: boolean }> {
  return corpus.utterances
    .filter((u) => u.language === language && u.speaker === 'agent' && u.final)
    .map((u) => ({ text: (u.final as { text: string }).text, forbidden: corpus.forbidden.has(`${u.callId}/${u.utteranceId}`) }));
}
