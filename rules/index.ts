/**
 * The pack compiler as a library: load a pack (YAML, with extends and include), compile it for the engine, report
 * problems with stable codes at file:line:column.
 */
export { compilePack, type CompileResult } from './compiler/compile-pack.js';
export { loadPack, type LoadedPack } from './compiler/load-pack.js';
export { formatProblem, PackError, type PackProblem } from './compiler/pack-problem.js';
export { resolveShippedPack, shippedPackIds, shippedPacksDir } from './packs/shipped-packs.js';

import type { CompiledPack } from '../engine/index.js';
import { compilePack } from './compiler/compile-pack.js';
import { loadPack } from './compiler/load-pack.js';
import { resolveShippedPack } from './packs/shipped-packs.js';

/** A pack ready for createEngine: a shipped id (zh-CN-standard, en-US-standard) or a path; throws PackError on problems. */
export function compilePackAt(idOrPath: string): CompiledPack {
  return compilePack(loadPack(resolveShippedPack(idOrPath) ?? idOrPath, resolveShippedPack)).pack;
}
