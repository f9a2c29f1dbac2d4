// Spike alarms: appeals per category × district this hour against the same hour-of-week of past weeks.
import type { Db } from '../../dialects';
import type { LivePublish } from '../ports';
import { firstRegistered, hourCounts } from './store';
import { detectSpikes, type HourCount } from './spikes';
import { iso } from '../../dialects/iso';
import { findings } from './findings';

const raised = new Map<string, number>();

export async function spikePass(db: Db, hub: LivePublish, weeks = 4): Promise<number> {
  const toCounts = (rows: Awaited<ReturnType<typeof hourCounts>>): HourCount[] => rows.map((r) => ({ hourStart: iso(r.h), category: r.category, district: r.district, n: r.n }));
  // a baseline needs history: with less than a week of appeals there is nothing seasonal to compare with
  const first = await firstRegistered(db);
  if (!first || Date.parse(iso(first)) > Date.now() - 7 * 86400_000) return 0;
  const current = toCounts(await hourCounts(db, 'current'));
  if (!current.length) return 0;
  const history = toCounts(await hourCounts(db, { weeks }));
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
        // the condition: this hour, category and district (a warning that turns critical updates its alarm)
        id: `spike:${s.hourStart}:${s.category}:${s.district}`,
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
