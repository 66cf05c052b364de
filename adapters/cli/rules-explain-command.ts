import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { explainPack } from '../../rules/explain/explain-pack.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';
import { CliError } from './cli-error.js';
import { packRefsOrShipped } from './resolve-pack-ref.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE = 'callcoach rules explain <pack>... [--rule <id-glob>] [--variants N | --all]';

/** `callcoach rules explain`: the compiled form of a pack in readable text. */
export async function rulesExplainCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('rules explain', argv, { rule: { type: 'string' }, variants: { type: 'string' }, all: { type: 'boolean' } }, USAGE);
  if (positionals.length === 0) throw new CliError(`rules explain: name a pack (a path or a shipped id)\nusage: ${USAGE}`);
  const maxVariants = values.all ? Infinity : values.variants === undefined ? 6 : Number(values.variants);
  if (!(maxVariants >= 0)) throw new CliError('rules explain: --variants must be a number');
  for (const ref of packRefsOrShipped('rules explain', positionals)) {
    const loaded = loadPack(ref, resolveShippedPack);
    const { pack } = compilePack(loaded);
    process.stdout.write(explainPack(loaded, pack, { maxVariants, ...(values.rule ? { rule: values.rule } : {}) }));
  }
  return 0;
}
