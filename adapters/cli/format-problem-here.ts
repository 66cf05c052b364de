import { relative } from 'node:path';
import { formatProblem, type PackProblem } from '../../rules/compiler/pack-problem.js';

/** A problem as one line, its file relative to the working directory so terminals and editors can jump to it. */
export function formatProblemHere(problem: PackProblem): string {
  const file = relative(process.cwd(), problem.file) || problem.file;
  return formatProblem({ ...problem, file: file.startsWith('..') ? problem.file : file });
}
