import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// A whole code or variable name: CALLCOACH_INGEST_* (a family named in prose) is not one.
const NAME = /CALLCOACH_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_])/g;

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.callcoach')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, accept);
    return accept(entry.name) ? [path] : [];
  });
}

function namesIn(files: readonly string[]): Set<string> {
  return new Set(files.flatMap((f) => readFileSync(f, 'utf8').match(NAME) ?? []));
}

const source = (room: string) => filesUnder(join(ROOT, room), (n) => n.endsWith('.ts') || n.endsWith('.js') || n === 'run');
const codeNames = namesIn(['engine', 'rules', 'adapters', 'bin'].flatMap(source));
const everyName = namesIn(['engine', 'rules', 'adapters', 'bin', 'benchmarks', 'test', '.ci', 'dashboards'].flatMap(source));
const docs = [join(ROOT, 'README.md'), ...['engine', 'rules', 'adapters', 'dashboards', 'benchmarks'].flatMap((room) => filesUnder(join(ROOT, room), (n) => n.endsWith('.md')))];
const documented = namesIn(docs);

describe('error codes and environment variables', () => {
  it('documents every code and variable the product uses', () => {
    expect(codeNames.size).toBeGreaterThan(50);
    expect([...codeNames].filter((n) => !documented.has(n)).sort()).toEqual([]);
  });

  it('documents nothing that no longer exists', () => {
    expect([...documented].filter((n) => !everyName.has(n)).sort()).toEqual([]);
  });
});
