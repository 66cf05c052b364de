import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedMessage, FeedMessageType } from '../../../adapters/server/feed-protocol.js';
import type { EngineOutput } from '../../../engine/index.js';
import { REPO_ROOT } from '../../support/run-cli.js';

// Compile-time checks (tsc runs them in `npm test`): the feed forwards these engine outputs under the same names and
// shapes, and every message has its seq.
type Forwarded = 'call.opened' | 'nudge' | 'nudge.retracted' | 'call.state' | 'finding' | 'call.closed';
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const forwardedAreFeedTypes: Forwarded extends FeedMessageType & EngineOutput['type'] ? true : false = true;
const nudgeIsTheEngines: Same<Extract<FeedMessage, { type: 'nudge' }>['nudge'], Extract<EngineOutput, { type: 'nudge' }>['nudge']> = true;
const stateIsTheEngines: Same<Extract<FeedMessage, { type: 'call.state' }>['state'], Extract<EngineOutput, { type: 'call.state' }>['state']> = true;
const everyMessageHasSeq: Same<FeedMessage['seq'], number> = true;

describe('the feed protocol', () => {
  it('is defined once: the pages import it rather than restating it', () => {
    expect([forwardedAreFeedTypes, nudgeIsTheEngines, stateIsTheEngines, everyMessageHasSeq]).toEqual([true, true, true, true]);
    const pages = ['overlay', 'live'].flatMap((dir) => {
      try {
        return readdirSync(join(REPO_ROOT, 'dashboards', dir))
          .filter((f) => f.endsWith('.ts'))
          .map((f) => join(REPO_ROOT, 'dashboards', dir, f));
      } catch {
        return [];
      }
    });
    expect(pages.length).toBeGreaterThan(0);
    for (const file of pages) {
      const source = readFileSync(file, 'utf8');
      expect(source).not.toMatch(/type FeedMessage\s*=/);
      expect(source).not.toMatch(/interface Nudge\s*\{/);
    }
    const overlay = readFileSync(join(REPO_ROOT, 'dashboards', 'overlay', 'overlay.ts'), 'utf8');
    expect(overlay).toContain("from '../../adapters/server/feed-protocol.js'");
  });
});
