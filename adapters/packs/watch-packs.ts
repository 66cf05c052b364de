import { watch, existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { asyncScheduler, debounceTime, Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { CompiledPack } from '../../engine/index.js';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { PACK_PROBLEM_CODES, PackError, type PackProblem } from '../../rules/compiler/pack-problem.js';
import { resolveShippedPack, shippedPackIds } from '../../rules/packs/shipped-packs.js';
import { checkExamples } from '../../rules/lint/check-examples.js';

/** What one reload of one pack did. Problems carry file:line:column and no transcript text, so they can be logged. */
export type PackReloadEvent =
  | {
      readonly type: 'loaded';
      /** The pack as named to watchPacks (a shipped id or a path). */
      readonly ref: string;
      readonly packId: string;
      readonly version: string;
      /** The version it replaced. */
      readonly previousVersion: string;
      readonly warnings: readonly PackProblem[];
    }
  | {
      readonly type: 'rejected';
      readonly ref: string;
      readonly packId: string;
      /** The version that stays live. */
      readonly keptVersion: string;
      readonly problems: readonly PackProblem[];
    };

/** Options of watchPacks. */
export interface WatchPacksOptions {
  /** Watch the packs' files and reload when they change (default true); with false, only reload() reloads. */
  readonly watch?: boolean;
  /** Quiet time after the last file change before reloading: editors save in several writes (default 200 ms). */
  readonly debounceMs?: number;
  /** The clock for the debounce (default asyncScheduler; tests pass a virtual one). */
  readonly scheduler?: SchedulerLike;
  /** Run every rule's examples before swapping a pack in, and reject the pack if one fails (default true). */
  readonly verifyExamples?: boolean;
  /** Replaces fs.watch: calls onChange when `file` may have changed; returns a function that stops watching (tests). */
  readonly watchFile?: (file: string, onChange: () => void) => () => void;
}

/** Packs kept current while their files change. */
export interface PackWatcher {
  /** The packs in force, swapped atomically on reload; pass it as the engine's `packs` option (read at each call's start). */
  readonly current: () => readonly CompiledPack[];
  /** One event per pack reloaded or rejected. */
  readonly reloads: Observable<PackReloadEvent>;
  /** Reloads now every pack whose files changed since it was loaded (all named packs when `refs` is omitted). */
  reload(refs?: readonly string[]): PackReloadEvent[];
  /** Every file the packs were read from (pack files, includes, base packs). */
  files(): readonly string[];
  /** Stops watching and completes `reloads`. */
  close(): void;
}

interface Slot {
  readonly ref: string;
  readonly path: string;
  pack: CompiledPack;
  files: readonly string[];
  /** The text of every file the live version was read from, to skip reloads that change nothing. */
  fingerprint: string;
}

/**
 * Loads packs (shipped ids or paths; none means every shipped pack) and keeps them current: when one of a pack's
 * files changes, the pack is validated and compiled again (and its examples run), then swapped in atomically. A pack
 * that fails is rejected with its problems reported on `reloads`, and its previous version stays live.
 * Throws PackError at start-up if a pack is broken: a server should not start on a pack it cannot run.
 */
export function watchPacks(names: readonly string[], options: WatchPacksOptions = {}): PackWatcher {
  const verifyExamples = options.verifyExamples ?? true;
  const slots: Slot[] = (names.length > 0 ? names : shippedPackIds()).map((ref) => {
    const path = resolveRef(ref);
    const built = build(path, verifyExamples);
    if (!built.ok) throw new PackError(built.problems);
    return { ref, path, pack: built.pack, files: built.files, fingerprint: fingerprintOf(built.files) };
  });
  let live: readonly CompiledPack[] = Object.freeze(slots.map((s) => s.pack));
  const reloads = new Subject<PackReloadEvent>();
  const changes = new Subject<void>();
  const changed = new Set<string>();
  const stops = new Map<string, () => void>();

  const reloadSlots = (chosen: readonly Slot[]): PackReloadEvent[] => {
    const events: PackReloadEvent[] = [];
    for (const slot of chosen) {
      if (fingerprintOf(slot.files) === slot.fingerprint) continue;
      const built = build(slot.path, verifyExamples);
      if (built.ok) {
        const previousVersion = slot.pack.version;
        Object.assign(slot, { pack: built.pack, files: built.files, fingerprint: fingerprintOf(built.files) });
        events.push({ type: 'loaded', ref: slot.ref, packId: built.pack.id, version: built.pack.version, previousVersion, warnings: built.warnings });
      } else {
        // Remember what was rejected, so the same broken files are not rejected again on every touch.
        slot.fingerprint = fingerprintOf(slot.files);
        events.push({ type: 'rejected', ref: slot.ref, packId: slot.pack.id, keptVersion: slot.pack.version, problems: built.problems });
      }
    }
    if (events.some((e) => e.type === 'loaded')) live = Object.freeze(slots.map((s) => s.pack));
    syncWatchers();
    for (const e of events) reloads.next(e);
    return events;
  };

  const syncWatchers = () => {
    if (options.watch === false) return;
    const wanted = new Set(slots.flatMap((s) => s.files));
    for (const [file, stop] of stops) {
      if (wanted.has(file)) continue;
      stop();
      stops.delete(file);
    }
    for (const file of wanted) {
      if (stops.has(file)) continue;
      stops.set(
        file,
        (options.watchFile ?? watchFileDefault)(file, () => {
          changed.add(file);
          changes.next();
        }),
      );
    }
  };

  const debounced = changes.pipe(debounceTime(options.debounceMs ?? 200, options.scheduler ?? asyncScheduler)).subscribe(() => {
    const files = [...changed];
    changed.clear();
    reloadSlots(slots.filter((s) => s.files.some((f) => files.includes(f))));
  });
  syncWatchers();

  return {
    current: () => live,
    reloads: reloads.asObservable(),
    reload: (refs) => reloadSlots(refs ? slots.filter((s) => refs.includes(s.ref)) : slots),
    files: () => [...new Set(slots.flatMap((s) => s.files))],
    close: () => {
      debounced.unsubscribe();
      for (const stop of stops.values()) stop();
      stops.clear();
      reloads.complete();
    },
  };
}

type Built = { ok: true; pack: CompiledPack; files: readonly string[]; warnings: readonly PackProblem[] } | { ok: false; problems: readonly PackProblem[] };

function build(path: string, verifyExamples: boolean): Built {
  try {
    const loaded = loadPack(path, resolveShippedPack);
    const { pack, warnings } = compilePack(loaded);
    if (verifyExamples) {
      const failed = checkExamples(pack, loaded.rules).filter((p) => p.severity === 'error');
      if (failed.length > 0) return { ok: false, problems: failed };
    }
    return { ok: true, pack, files: loaded.files, warnings };
  } catch (err) {
    if (err instanceof PackError) return { ok: false, problems: err.problems };
    // A bug in the compiler must not stop a live server: the reload is rejected and the previous version stays.
    return {
      ok: false,
      problems: [{ code: PACK_PROBLEM_CODES.INTERNAL, severity: 'error', file: path, line: 1, column: 1, message: `the pack could not be compiled (internal error: ${(err as Error).message}); the previous version stays live` }],
    };
  }
}

function resolveRef(ref: string): string {
  if (existsSync(ref)) return resolve(ref);
  const shipped = resolveShippedPack(ref);
  if (shipped) return shipped;
  throw new PackError([
    { code: PACK_PROBLEM_CODES.FILE_UNREADABLE, severity: 'error', file: ref, line: 1, column: 1, message: `"${ref}" is neither a pack file nor a shipped pack id (shipped: ${shippedPackIds().join(', ')})` },
  ]);
}

function fingerprintOf(files: readonly string[]): string {
  return files.map((f) => `${f}\u0000${existsSync(f) ? readFileSync(f, 'utf8') : ''}`).join('\u0001');
}

// Editors often save by writing a new file and renaming it over the old one, which ends a watch on the file itself,
// so the folder is watched and events are filtered by name.
function watchFileDefault(file: string, onChange: () => void): () => void {
  const watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
    if (name === null || name === basename(file)) onChange();
  });
  watcher.on('error', () => watcher.close());
  return () => watcher.close();
}
