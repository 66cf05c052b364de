import { CliError } from './cli-error.js';
import { rulesDiffCommand } from './rules-diff-command.js';
import { rulesExplainCommand } from './rules-explain-command.js';
import { rulesImportCommand } from './rules-import-command.js';
import { rulesLintCommand } from './rules-lint-command.js';
import { rulesSchemaCommand } from './rules-schema-command.js';
import { rulesTestCommand } from './rules-test-command.js';

const SUBCOMMANDS: Record<string, { run: (argv: readonly string[]) => Promise<number>; summary: string }> = {
  lint: { run: rulesLintCommand, summary: 'check packs: every error and warning with file:line:column' },
  test: { run: rulesTestCommand, summary: "run every rule's examples and the pack's fixture calls through the engine" },
  diff: { run: rulesDiffCommand, summary: 'backtest a rule change on recorded calls: per rule, +N / −M findings with examples' },
  explain: { run: rulesExplainCommand, summary: 'show the compiled form: what each rule matches after normalisation and expansion' },
  schema: { run: rulesSchemaCommand, summary: 'print the pack JSON Schema; --write regenerates rules/schema/*.schema.json' },
  import: { run: rulesImportCommand, summary: 'convert Alibaba Cloud SCA or Amazon Connect Contact Lens rules into a pack, reporting what does not map' },
};

/** `callcoach rules <lint|test|diff|explain|schema|import>`: the pack author's toolchain. */
export async function rulesCommand(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const help = `usage: callcoach rules <command> [options]\n\n${Object.entries(SUBCOMMANDS)
    .map(([n, c]) => `  ${n.padEnd(8)} ${c.summary}`)
    .join('\n')}\n\nThe pack author's guide: rules/README.md\n`;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help);
    return name ? 0 : 1;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) throw new CliError(`rules: unknown command "${name}"\n\n${help}`);
  return sub.run(rest);
}
