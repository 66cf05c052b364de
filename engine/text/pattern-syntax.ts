/**
 * The phrase pattern language of rule packs, parsed and expanded into plain literal variants.
 *
 *   (a|b)     one of the alternatives          [x] or (x)?   optional
 *   …  ...    a gap of up to 4 characters (Chinese) or 3 words (English); …{8} sets the limit
 *   {name}    any term of the pack lexicon `name`
 *   ^ and $   at the very start / end: the phrase must start / end a clause
 *   \x        the character x literally
 */
export type PatternPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'gap'; readonly max: number | undefined };

/** One expansion of a pattern: literal text with gaps between. */
export interface PatternVariant {
  readonly parts: readonly PatternPart[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

/** A pattern the parser rejected; `column` is the 0-based index into the pattern source. */
export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'PatternSyntaxError';
  }
}

/** Most expansions one pattern may produce; more means the author wants a lexicon or a looser rule. */
export const MAX_VARIANTS_PER_PATTERN = 2048;

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'gap'; max: number | undefined }
  | { kind: 'alt'; options: Node[][] }
  | { kind: 'lex'; name: string; column: number };

/** Parses and expands a pattern against the pack's lexicons. Throws PatternSyntaxError with a column. */
export function expandPattern(source: string, lexicons: ReadonlyMap<string, readonly string[]> = new Map()): PatternVariant[] {
  let body = source;
  let offset = 0;
  const anchoredStart = body.startsWith('^');
  if (anchoredStart) {
    body = body.slice(1);
    offset = 1;
  }
  const anchoredEnd = body.endsWith('$') && !body.endsWith('\\$');
  if (anchoredEnd) body = body.slice(0, -1);
  const parser = new Parser(body, offset);
  const nodes = parser.parseSequence(false);
  if (!parser.atEnd()) throw new PatternSyntaxError(`unexpected "${parser.peek()}"`, parser.column());
  const expanded = expandSequence(nodes, lexicons);
  const variants = expanded.map((parts) => ({ parts: mergeText(parts), anchoredStart, anchoredEnd }));
  if (variants.every((v) => v.parts.every((p) => p.kind === 'gap'))) throw new PatternSyntaxError('pattern has no text to match', 0);
  for (const v of variants) {
    const first = v.parts[0];
    const last = v.parts[v.parts.length - 1];
    if (first?.kind === 'gap' || last?.kind === 'gap') throw new PatternSyntaxError('a gap (…) must sit between two pieces of text', 0);
  }
  return dedupe(variants);
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly offset: number,
  ) {}

  atEnd(): boolean {
    return this.i >= this.src.length;
  }
  peek(): string {
    return this.src[this.i] ?? '';
  }
  column(): number {
    return this.i + this.offset;
  }

  parseSequence(inGroup: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (!this.atEnd()) {
      const ch = this.peek();
      if (ch === '\\') {
        this.i++;
        if (this.atEnd()) throw new PatternSyntaxError('a backslash must escape a character', this.column() - 1);
        text += this.src[this.i++];
      } else if (ch === '(' || ch === '[') {
        flush();
        nodes.push(this.parseGroup(ch));
      } else if (ch === '|' || ch === ')' || ch === ']') {
        if (!inGroup) throw new PatternSyntaxError(`"${ch}" outside a group`, this.column());
        break;
      } else if (ch === '…' || this.src.startsWith('...', this.i)) {
        flush();
        this.i += ch === '…' ? 1 : 3;
        nodes.push({ kind: 'gap', max: this.parseGapLimit() });
      } else if (ch === '{') {
        flush();
        nodes.push(this.parseLexicon());
      } else if (ch === '}') {
        throw new PatternSyntaxError('"}" without "{"', this.column());
      } else if (ch === '?' || ch === '*' || ch === '+') {
        throw new PatternSyntaxError(`"${ch}" is not pattern syntax: use [x] for optional text and … for a gap (or \\${ch} for the character)`, this.column());
      } else {
        text += ch;
        this.i++;
      }
    }
    flush();
    return nodes;
  }

  private parseGroup(open: '(' | '['): Node {
    const startColumn = this.column();
    this.i++;
    const close = open === '(' ? ')' : ']';
    const options: Node[][] = [];
    for (;;) {
      options.push(this.parseSequence(true));
      if (this.atEnd()) throw new PatternSyntaxError(`"${open}" is never closed`, startColumn);
      const ch = this.src[this.i++];
      if (ch === '|') continue;
      if (ch !== close) throw new PatternSyntaxError(`"${open}" closed by "${ch}"`, this.column() - 1);
      break;
    }
    const optional = open === '[' || this.src[this.i] === '?';
    if (this.src[this.i] === '?') this.i++;
    if (optional) options.push([]);
    if (options.length < 2) throw new PatternSyntaxError('a group needs at least two alternatives: (a|b), or [a] / (a)? for optional text', startColumn);
    return { kind: 'alt', options };
  }

  private parseGapLimit(): number | undefined {
    const m = /^\{(\d{1,2})\}/.exec(this.src.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    const max = Number(m[1]);
    if (max < 1) throw new PatternSyntaxError('a gap limit must be at least 1', this.column() - m[0].length);
    return max;
  }

  private parseLexicon(): Node {
    const column = this.column();
    const m = /^\{([A-Za-z_][A-Za-z0-9_-]*)\}/.exec(this.src.slice(this.i));
    if (!m) throw new PatternSyntaxError('"{" must start a lexicon reference such as {boss}', column);
    this.i += m[0].length;
    return { kind: 'lex', name: m[1] as string, column };
  }
}

type Flat = Array<{ kind: 'text'; text: string } | { kind: 'gap'; max: number | undefined }>;

function expandSequence(nodes: readonly Node[], lexicons: ReadonlyMap<string, readonly string[]>): Flat[] {
  let acc: Flat[] = [[]];
  for (const node of nodes) {
    let options: Flat[];
    if (node.kind === 'text' || node.kind === 'gap') options = [[node]];
    else if (node.kind === 'lex') {
      const terms = lexicons.get(node.name);
      if (!terms) throw new PatternSyntaxError(`unknown lexicon {${node.name}}`, node.column);
      options = terms.map((t) => [{ kind: 'text' as const, text: t }]);
    } else options = node.options.flatMap((seq) => expandSequence(seq, lexicons));
    const next: Flat[] = [];
    for (const prefix of acc) for (const option of options) next.push([...prefix, ...option]);
    if (next.length > MAX_VARIANTS_PER_PATTERN) {
      throw new PatternSyntaxError(`pattern expands to more than ${MAX_VARIANTS_PER_PATTERN} variants; split it or use a gap (…)`, 0);
    }
    acc = next;
  }
  return acc;
}

function mergeText(parts: Flat): PatternPart[] {
  const out: PatternPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + part.text };
    else if (part.kind === 'gap' && last?.kind === 'gap') {
      out[out.length - 1] = { kind: 'gap', max: last.max === undefined || part.max === undefined ? undefined : last.max + part.max };
    } else if (part.kind === 'text' && part.text === '') continue;
    else out.push(part);
  }
  return out;
}

function dedupe(variants: PatternVariant[]): PatternVariant[] {
  const seen = new Set<string>();
  return variants.filter((v) => {
    const key = JSON.stringify(v.parts);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
