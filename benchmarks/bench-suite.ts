/** What every suite gets: where the labelled corpus is, and whether to run a short version. */
export interface BenchContext {
  /** Folder holding calls.jsonl, labels.jsonl (the shared eval-dev corpus). */
  readonly corpusDir: string;
  /** Fewer repetitions and settings, for a smoke run. */
  readonly quick: boolean;
  /** Progress for the person running it (stderr); never part of the results. */
  readonly log: (message: string) => void;
}

/** One benchmark suite: one file under suites/, listed in suites.ts. */
export interface BenchSuite {
  /** Short name for `npm run bench -- <name>`. */
  readonly name: string;
  readonly title: string;
  /** Runs the suite and returns its section of RESULTS.md (Markdown, without the title). */
  run(context: BenchContext): Promise<string> | string;
}
