// The live store: one connection per tab, the merged picture, counters and rates. Views watch `version`.
import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { LiveData } from './data';
import { Rates } from './rates';
import { LiveConnection, type ConnState, type Snapshot } from './connection';
import { api } from '../api/http';
import { useSession } from '../auth/session';

export const liveStreams = ['gps', 'appeals', 'incidents', 'status', 'alarms'];

export const useLive = defineStore('live', {
  state: () => ({
    conn: 'connecting' as ConnState,
    version: 0,
    data: markRaw(new LiveData()),
    rates: markRaw(new Rates()),
    connection: null as LiveConnection | null,
    lastEventAt: 0,
  }),
  actions: {
    async start() {
      if (this.connection) return;
      const session = useSession();
      const c = new LiveConnection({
        token: () => session.token,
        streams: liveStreams,
        loadSnapshot: () => api<Snapshot>('/api/snapshot'),
        onSnapshot: (s) => {
          this.data.clear();
          this.data.apply([...s.vehicles, ...s.status, ...s.appeals, ...s.incidents, ...(s.alarms ?? [])] as never, Date.now() - 60_000);
          this.version++;
        },
        onEvents: (items, replay) => {
          const n = this.data.apply(items);
          // throughput counts arrivals, not state changes of known appeals
          if (!replay) for (const e of items) if (e.stream !== 'appeals' || (e.rev ?? 1) <= 1) this.rates.add(e.stream);
          this.lastEventAt = Date.now();
          if (n) this.version++;
        },
        onState: (s) => (this.conn = s),
        onUnauthorized: () => session.expire(),
      });
      this.connection = markRaw(c);
      api<{ items: { bucket: string; stream: string; n: number }[] }>('/api/stats/rates?minutes=6')
        .then((r) => this.rates.seedMinutes(r.items))
        .catch(() => undefined);
      setInterval(() => {
        this.data.prune();
        this.version++;
      }, 15_000);
      await c.start();
    },
  },
});
