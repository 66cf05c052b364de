import YAML, { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';

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
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const singleLine = !node.value.includes('\n');
  return singleLine ? { line: base.line, column: base.column + (quoted ? 1 : 0) + charIndex } : base;
}

function nodeAt(source: YamlSource, path: YamlPath): unknown {
  return source.document.getIn(path as Array<string | number>, true);
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}
