import YAML, { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node, type Scalar } from 'yaml';

/** A parsed YAML file that can answer "where is this path?" with a line and column. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export type YamlPath = ReadonlyArray<string | number>;

/** Parses YAML text, keeping positions. Syntax errors are in `document.errors`. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { file, text, document, lineCounter };
}

/** 1-based line and column of the node at `path` (or of the closest ancestor that exists). */
export function positionOf(source: YamlSource, path: YamlPath, at: 'value' | 'key' = 'value'): { line: number; column: number } {
  let node: unknown = source.document.contents;
  let best = offsetOf(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      const last = i === path.length - 1;
      if (last && at === 'key') {
        best = offsetOf(pair.key) ?? best;
        break;
      }
      node = pair.value;
      best = offsetOf(node) ?? offsetOf(pair.key) ?? best;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      best = offsetOf(node) ?? best;
    } else break;
  }
  const pos = source.lineCounter.linePos(best);
  return { line: pos.line, column: pos.col };
}

/** Position of a character inside a scalar string value: for pointing at the exact column of a pattern error. */
export function positionInScalar(source: YamlSource, path: YamlPath, charIndex: number): { line: number; column: number } {
  const base = positionOf(source, path);
  const node = nodeAt(source, path);
  if (!isScalar(node) || typeof node.value !== 'string') return base;
  const range = node.range;
  const raw = range ? source.text.slice(range[0], range[1]) : '';
  if (!range || raw.includes('\n')) return base;
  const offset = rawOffsetOf(raw, node.type, charIndex);
  const pos = source.lineCounter.linePos(range[0] + offset);
  return { line: pos.line, column: pos.col };
}

// Maps an index into a scalar's value to an offset into its source text, through quotes and escapes: in "a\\d" the
// value's second character sits three characters in; in 'it''s' a doubled quote is one character.
function rawOffsetOf(raw: string, type: Scalar['type'], charIndex: number): number {
  if (type !== 'QUOTE_DOUBLE' && type !== 'QUOTE_SINGLE') return charIndex;
  let i = 1;
  for (let seen = 0; seen < charIndex && i < raw.length - 1; seen++) {
    if (type === 'QUOTE_SINGLE') i += raw.startsWith("''", i) ? 2 : 1;
    else if (raw[i] !== '\\') i += 1;
    else i += ESCAPE_LENGTHS[raw[i + 1] ?? ''] ?? 2;
  }
  return i;
}

// Source length of the YAML double-quoted escapes that are longer than a backslash and one character.
const ESCAPE_LENGTHS: Readonly<Record<string, number>> = { x: 4, u: 6, U: 10 };

function nodeAt(source: YamlSource, path: YamlPath): unknown {
  return source.document.getIn(path as Array<string | number>, true);
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}
