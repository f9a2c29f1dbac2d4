// Spike alarms: appeals per category × district this hour against the same hour-of-week of past weeks.
import type { Db } from '../../dialects';
import type { LiveHub } from '../../live/hub';
import { detectSpikes, type HourCount } from './spikes';
import { iso } from '../../dialects/iso';
import { findings } from '../intake/registry';

const raised = new Map<string, number>();

export async function spikePass(db: Db, hub: LiveHub, weeks = 4): Promise<number> {
  const q = (from: string, to: string) =>
    db.query<any>(
      `SELECT date_trunc('hour', registered_at) AS h, category, district, count(*)::int AS n FROM appeal_state
       WHERE registered_at >= ${from} AND registered_at < ${to} AND district IS NOT NULL GROUP BY 1, 2, 3`,
    );
  const toCounts = (rows: any[]): HourCount[] => rows.map((r) => ({ hourStart: iso(r.h), category: r.category, district: r.district, n: Number(r.n) }));
  // a baseline needs history: with less than a week of appeals there is nothing seasonal to compare with
  const [{ first }] = await db.query<{ first: string | null }>(`SELECT min(registered_at) AS first FROM appeal_state`);
  if (!first || Date.parse(iso(first)) > Date.now() - 7 * 86400_000) return 0;
  const current = toCounts(await q(`date_trunc('hour', now())`, `now() + INTERVAL '1 hour'`));
  if (!current.length) return 0;
  const history = toCounts(await q(`date_trunc('hour', now()) - INTERVAL '${weeks} weeks'`, `date_trunc('hour', now())`));
  const spikes = detectSpikes(current, history, { weeks });
  const now = new Date().toISOString();
  const fresh = spikes.filter((s) => {
    const key = `${s.hourStart}|${s.category}|${s.district}|${s.severity}`;
    if (raised.has(key)) return false;
    raised.set(key, Date.now());
    return true;
  });
  for (const [k, t] of raised) if (Date.now() - t > 3 * 3600_000) raised.delete(k);
  findings.inc({ detector: 'spike' }, fresh.length);
  if (fresh.length)
    hub.publish(
      fresh.map((s) => ({
        stream: 'alarms' as const,
        id: `spike:${s.hourStart}:${s.category}:${s.district}:${s.severity}`,
        ts: now,
        kind: 'spike' as const,
        severity: s.severity,
        district: s.district,
        category: s.category,
        message: `${s.n} appeals about ${s.category} this hour (usual ${s.baseline.mean.toFixed(1)})`,
        data: { n: s.n, mean: s.baseline.mean, std: s.baseline.std, z: s.z },
      })),
    );
  return fresh.length;
}
