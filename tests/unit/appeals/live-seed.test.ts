// The live picture's appeals at start come from the appeals module (its api's `recentLive`), not from a query of
// appeal_state in server/live: the live module's `seed` (LiveState.apply, without publishing) merges them with what the
// live stream already brought.
import { describe, expect, it } from 'vitest';
import { LiveHub } from '../../../server/live/hub';
import { MemoryTickStore } from '../../../server/live/memory-store';
import { LiveState } from '../../../server/live/state';
import type { AppealEvent } from '../../../ingest/schema';

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const appeal = (id: string, ts: string, rev: number, status: AppealEvent['status'] = 'assigned'): AppealEvent => ({
  stream: 'appeals',
  id,
  ts,
  channel: 'phone_109',
  category: 'roads.pothole',
  sphere: 'roads',
  district: 'astana-yesil',
  number: `AST-2026-000000${id.slice(-1)}`,
  status,
  rev,
});

describe('live state: the appeals of the last hour at start', () => {
  it('takes the seeded appeals oldest first, keeps a newer revision the live stream brought, and drops none of its own', async () => {
    const hub = new LiveHub(new MemoryTickStore(), { tickMs: 1000 });
    await hub.start();
    const state = new LiveState(hub);
    // while the module mounted, the live stream brought a newer revision of a2 and a brand-new a4
    state.apply([appeal('a2', ago(20), 3, 'in_progress'), appeal('a4', ago(1), 1)]);
    state.apply([appeal('a1', ago(50), 1), appeal('a2', ago(20), 2), appeal('a3', ago(10), 1)]);
    const snap = state.snapshot(new Set(['appeals']), null);
    expect(snap.appeals.map((a) => a.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(snap.appeals.find((a) => a.id === 'a2')).toMatchObject({ rev: 3, status: 'in_progress' });
    // a seeded revision newer than the live one wins
    state.apply([appeal('a3', ago(10), 5, 'answered')]);
    const again = state.snapshot(new Set(['appeals']), null).appeals;
    expect(again.find((a) => a.id === 'a3')).toMatchObject({ rev: 5, status: 'answered' });
    expect(again.map((a) => a.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
    await hub.stop();
  });
});
