/** A rule's or condition's logic in Alibaba Cloud SCA: ids joined by && and ||, negated by !, grouped by (). */
export type Lambda = { readonly kind: 'ref'; readonly id: string } | { readonly kind: 'not'; readonly of: Lambda } | { readonly kind: 'and' | 'or'; readonly of: readonly Lambda[] };

/** Parses `1&&(2||!3)`; throws with the column of the first thing it cannot read. */
export function parseScaLambda(source: string): Lambda {
  const tokens = source.match(/\s*(\d+|&&|\|\||!|\(|\)|\S)/g)?.map((t) => t.trim()) ?? [];
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`cannot read the logic "${source}": ${what}`);
  };
  const primary = (): Lambda => {
    const token = tokens[i++];
    if (token === undefined) return fail('it ends too early');
    if (token === '!') return { kind: 'not', of: primary() };
    if (token === '(') {
      const inner = or();
      if (tokens[i++] !== ')') fail('a "(" is not closed');
      return inner;
    }
    if (/^\d+$/.test(token)) return { kind: 'ref', id: token };
    return fail(`unexpected "${token}"`);
  };
  const and = (): Lambda => {
    const parts = [primary()];
    while (tokens[i] === '&&') {
      i++;
      parts.push(primary());
    }
    return parts.length === 1 ? (parts[0] as Lambda) : { kind: 'and', of: parts };
  };
  const or = (): Lambda => {
    const parts = [and()];
    while (tokens[i] === '||') {
      i++;
      parts.push(and());
    }
    return parts.length === 1 ? (parts[0] as Lambda) : { kind: 'or', of: parts };
  };
  if (tokens.length === 0) fail('it is empty');
  const tree = or();
  if (i < tokens.length) fail(`unexpected "${tokens[i]}"`);
  return tree;
}
