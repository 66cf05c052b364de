import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, Subject, VirtualTimeScheduler } from 'rxjs';
import { createEngine, type CallEvent, type EngineInput, type Finding } from '../../../engine/index.js';
import { watchPacks, type PackReloadEvent } from '../../../adapters/packs/watch-packs.js';
import { PackError } from '../../../rules/compiler/pack-problem.js';
import { callScript } from '../../support/call-script.js';
import { writePackFiles } from '../../support/packs.js';

const pack = (version: string, match: string, extra = '') =>
  `id: team\nversion: ${version}\nlanguage: zh-CN\nrules:\n  - id: team.buguan\n    category: forbidden_phrase\n    kind: phrase\n    nudge: 请勿推诿\n    match: ${match}\n${extra}`;

function packDir(yaml: string): { dir: string; file: string } {
  const dir = writePackFiles({ 'pack.yaml': yaml });
  return { dir, file: join(dir, 'pack.yaml') };
}

/** One engine, live across reloads, on a virtual clock: each call is fed whole and the clock flushed. */
function liveEngine(packs: () => ReturnType<ReturnType<typeof watchPacks>['current']>) {
  const scheduler = new VirtualTimeScheduler(undefined, Infinity);
  const inputs = new Subject<EngineInput>();
  const findings: Finding[] = [];
  inputs.pipe(createEngine({ scheduler, packs, reorderWindowMs: 0 })).subscribe((o) => {
    if (o.type === 'finding') findings.push(o.finding);
  });
  const feed = (events: readonly CallEvent[], base: number) => {
    for (const event of events) scheduler.schedule(() => inputs.next({ event }), Math.max(0, base + event.tMs - scheduler.now()));
    scheduler.flush();
  };
  return {
    call(events: readonly CallEvent[]): Finding[] {
      const before = findings.length;
      feed(events, scheduler.now());
      return findings.slice(before);
    },
    /** Feeds a call in two parts, running `between` after the first (a reload mid-call). */
    split(events: readonly CallEvent[], at: number, between: () => void): Finding[] {
      const before = findings.length;
      const base = scheduler.now();
      // Run the clock only up to the last event fed, so the call is still open (flushing all would fire its idle timer).
      scheduler.maxFrames = base + (events[at - 1]?.tMs ?? 0);
      feed(events.slice(0, at), base);
      scheduler.maxFrames = Infinity;
      between();
      feed(events.slice(at), base);
      return findings.slice(before);
    },
  };
}

const rudeCall = (id: string) => callScript(id).agent('您好').agent('这不管我的事。').end().events;

describe('watchPacks', () => {
  it('swaps a good pack in atomically; calls started after the swap use it, and findings name the version', () => {
    const { dir, file } = packDir(pack('1.0.0', "['不关我的事']"));
    const watcher = watchPacks([dir], { watch: false });
    const engine = liveEngine(watcher.current);
    const before = watcher.current();
    expect(engine.call(rudeCall('c1'))).toEqual([]);

    writeFileSync(file, pack('1.1.0', "['不(关|管)我的事']"));
    expect(watcher.reload()).toEqual([{ type: 'loaded', ref: dir, packId: 'team', version: '1.1.0', previousVersion: '1.0.0', warnings: [] }]);
    expect(before.map((p) => p.version)).toEqual(['1.0.0']); // the old array is never mutated
    expect(watcher.current().map((p) => p.version)).toEqual(['1.1.0']);
    expect(engine.call(rudeCall('c2')).map((f) => [f.ruleId, f.packId, f.packVersion])).toEqual([['team.buguan', 'team', '1.1.0']]);
    watcher.close();
  });

  it('rejects a broken pack with its problems at line:column, and the previous version keeps serving calls', () => {
    const { dir, file } = packDir(pack('1.0.0', "['不(关|管)我的事']"));
    const watcher = watchPacks([dir], { watch: false });
    const engine = liveEngine(watcher.current);
    const events: PackReloadEvent[] = [];
    watcher.reloads.subscribe((e) => events.push(e));

    writeFileSync(file, pack('1.1.0', "['不(关|管我的事']"));
    watcher.reload();
    expect(events).toEqual([{ type: 'rejected', ref: dir, packId: 'team', keptVersion: '1.0.0', problems: [expect.objectContaining({ code: 'CALLCOACH_RULES_PATTERN', line: 9, column: 15 })] }]);
    expect(engine.call(rudeCall('c1')).map((f) => f.packVersion)).toEqual(['1.0.0']);

    expect(watcher.reload()).toEqual([]); // the same broken files are not rejected twice
    writeFileSync(file, pack('1.2.0', "['不(关|管)我(的)?事']"));
    expect(watcher.reload().map((e) => e.type)).toEqual(['loaded']);
    expect(engine.call(rudeCall('c2')).map((f) => f.packVersion)).toEqual(['1.2.0']);
    watcher.close();
  });

  it('never changes a call midway: a call in progress keeps the version it started with', () => {
    const { dir, file } = packDir(pack('1.0.0', "['不(关|管)我的事']"));
    const watcher = watchPacks([dir], { watch: false });
    const engine = liveEngine(watcher.current);
    const found = engine.split(rudeCall('c1'), 2, () => {
      writeFileSync(file, pack('1.1.0', "['不(关|管)我的事']"));
      watcher.reload();
    });
    expect(found.map((f) => f.packVersion)).toEqual(['1.0.0']);
    expect(engine.call(rudeCall('c2')).map((f) => f.packVersion)).toEqual(['1.1.0']);
    watcher.close();
  });

  it('rejects a pack whose own examples fail, pointing at the example', () => {
    const { dir, file } = packDir(pack('1.0.0', "['不关我的事']"));
    const watcher = watchPacks([dir], { watch: false });
    writeFileSync(file, pack('1.1.0', "['不关我的事']", "    examples: { hit: ['不归我管'] }\n"));
    const [event] = watcher.reload();
    expect(event).toMatchObject({ type: 'rejected', keptVersion: '1.0.0', problems: [{ code: 'CALLCOACH_RULES_EXAMPLE_FAILED', line: 10, column: 23 }] });
    watcher.close();
  });

  it('reloads once after a burst of file changes, when the debounce time has passed on its clock', () => {
    const { dir, file } = packDir(pack('1.0.0', "['不关我的事']"));
    const scheduler = new VirtualTimeScheduler(undefined, Infinity);
    const triggers = new Map<string, () => void>();
    const watcher = watchPacks([dir], {
      scheduler,
      debounceMs: 100,
      watchFile: (f, onChange) => {
        triggers.set(f, onChange);
        return () => triggers.delete(f);
      },
    });
    expect([...triggers.keys()]).toEqual([file]);
    const events: PackReloadEvent[] = [];
    watcher.reloads.subscribe((e) => events.push(e));
    writeFileSync(file, pack('2.0.0', "['不关我的事']"));
    triggers.get(file)?.();
    triggers.get(file)?.();
    scheduler.flush();
    expect(events.map((e) => e.type === 'loaded' && e.version)).toEqual(['2.0.0']);
    watcher.close();
    expect(triggers.size).toBe(0);
  });

  it('refuses to start on a broken pack', () => {
    const { dir } = packDir(pack('1.0.0', "['不关(我的事']"));
    expect(() => watchPacks([dir], { watch: false })).toThrow(PackError);
  });

  it('notices a real file change through fs.watch', async () => {
    const { dir, file } = packDir(pack('1.0.0', "['不关我的事']"));
    const watcher = watchPacks([dir], { debounceMs: 20 });
    const next = firstValueFrom(watcher.reloads);
    writeFileSync(file, pack('1.0.1', "['不关我的事']"));
    await expect(next).resolves.toMatchObject({ type: 'loaded', version: '1.0.1' });
    watcher.close();
  });
});
