import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the shipped packs, found from this module whether it runs from source or from dist/. */
export function shippedPacksDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'rules', 'packs');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find rules/packs above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Shipped pack ids: each is a folder under rules/packs/ with a pack.yaml (zh-CN, en-US, ...). */
export function shippedPackIds(): string[] {
  const dir = shippedPacksDir();
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'pack.yaml')))
    .map((d) => d.name)
    .sort();
}

/** The pack.yaml of a shipped pack id, or undefined. */
export function resolveShippedPack(id: string): string | undefined {
  const file = join(shippedPacksDir(), id, 'pack.yaml');
  return /^[A-Za-z0-9._-]+$/.test(id) && existsSync(file) ? file : undefined;
}
