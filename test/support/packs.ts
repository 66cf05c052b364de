import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledPack } from '../../engine/index.js';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';

const cache = new Map<string, CompiledPack>();

/** A shipped pack, compiled once per test file. */
export function shippedPack(id: 'zh-CN-standard' | 'en-US-standard'): CompiledPack {
  let pack = cache.get(id);
  if (!pack) {
    pack = compilePack(loadPack(resolveShippedPack(id) as string, resolveShippedPack)).pack;
    cache.set(id, pack);
  }
  return pack;
}

/** Writes YAML files into a fresh temporary folder and returns its path; the first file is pack.yaml unless named. */
export function writePackFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'callcoach-pack-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Compiles a pack from YAML text. */
export function packFromYaml(yaml: string): CompiledPack {
  return compilePack(loadPack(writePackFiles({ 'pack.yaml': yaml }), resolveShippedPack)).pack;
}
