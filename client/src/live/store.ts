// The live store: one connection per tab, the merged picture, counters and rates.
// `version` changes with every merged batch (the map redraws on it); `panelVersion` at most once a second (the
// panels that aggregate tens of thousands of points recompute on it).
import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { LiveData } from './data';
import { Rates } from './rates';
import { LiveConnection, type ConnState } from './connection';
import type { Snapshot } from '../../../ingest/schema';
import { liveStreamNames } from '../../../ingest/schema/stream';
import { api } from '../api/http';
import { useSession } from '../auth/session';

const PANEL_INTERVAL_MS = 1000;
const PRUNE_INTERVAL_MS = 15_000;

export const useLive = defineStore('live', {
  state: () => ({
    conn: 'connecting' as ConnState,
    version: 0,
    panelVersion: 0,
    data: markRaw(new LiveData()),
    rates: markRaw(new Rates()),
    connection: null as LiveConnection | null,
    lastEventAt: 0,
    /** whether anything has arrived yet (snapshot or stream): panels show "waiting for data…" until then */
    loaded: false,
  }),
  actions: {
    changed() {
      this.version++;
      this.schedulePanels();
    },
    schedulePanels() {
      if (panelTimer) return;
      panelTimer = window.setTimeout(() => {
        panelTimer = 0;
        this.panelVersion++;
      }, PANEL_INTERVAL_MS);
    },
    async start() {
      if (this.connection) return;
      const session = useSession();
      // a role without the live feed (an executor, an analyst) opens no socket: it could only fail and say "offline"
      if (!session.can('live')) return;
      const c = new LiveConnection({
        token: () => session.token,
        streams: liveStreamNames,
        loadSnapshot: () => api<Snapshot>('/api/snapshot'),
        onSnapshot: (s) => {
          this.data.clear();
          // a snapshot's points are not new: they arrived "a minute ago" and do not pulse
          this.data.apply([...s.vehicles, ...s.status, ...s.appeals, ...s.incidents, ...s.alarms], Date.now() - 60_000);
          this.loaded = true;
          this.version++;
          this.panelVersion++;
        },
        onEvents: (items, replay) => {
          const n = this.data.apply(items);
          // throughput counts arrivals, not state changes of known appeals, and not what a replay catches up
          if (!replay) for (const e of items) if (e.stream !== 'appeals' || (e.rev ?? 1) <= 1) this.rates.add(e.stream);
          this.lastEventAt = Date.now();
          if (n) this.changed();
        },
        onState: (s) => (this.conn = s),
        // the server refused the token (revoked, session over): this connection is done; the next sign-in
        // starts a new one with the new token
        onUnauthorized: () => {
          c.stop();
          if (this.connection === c) this.connection = null;
          session.expire();
        },
      });
      this.connection = markRaw(c);
      api<{ items: { bucket: string; stream: string; n: number }[] }>('/api/stats/rates?minutes=6')
        .then((r) => this.rates.seedMinutes(r.items))
        .catch(() => undefined);
      pruneTimer ||= window.setInterval(() => {
        this.data.prune();
        this.changed();
      }, PRUNE_INTERVAL_MS);
      await c.start();
    },
  },
});

let panelTimer = 0;
let pruneTimer = 0;
