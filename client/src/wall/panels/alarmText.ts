// The line an alarm shows, in the screen's language. The figures come from the alarm's fields and `data`; the
// server's `message` is English, so from it only the appeal number (and a count) are taken, and it is shown as
// is only when nothing else describes the alarm.
import type { AlarmEvent, StatusEvent } from '../../../../ingest/schema';

export interface AlarmWords {
  t: (key: string, named?: Record<string, unknown>) => string;
  category: (id: string) => string;
  district: (id: string) => string;
  number: (n: number) => string;
}

export type AlarmLine = Pick<AlarmEvent, 'id' | 'ts' | 'kind' | 'severity' | 'district' | 'category' | 'message' | 'data'>;

const APPEAL_NO = /^([A-ZА-Я]{2,5}-\d{4}-\d+)\b/;

/** An outage from the services stream, as an alarm line. */
export function outageAlarm(s: StatusEvent): AlarmLine {
  return {
    id: `outage:${s.service}:${s.district}`,
    ts: s.ts,
    kind: 'outage',
    severity: s.planned ? 'warning' : 'critical',
    district: s.district,
    message: '',
    data: { service: s.service, households: s.households, planned: s.planned, restoreEta: s.restoreEta },
  };
}

export function alarmText(a: AlarmLine, w: AlarmWords): string {
  const parts: string[] = [];
  const d = (a.data ?? {}) as Record<string, any>;
  if (a.kind === 'outage' && d.service) parts.push(w.t(`services.${d.service}`));
  if (a.category) parts.push(w.category(a.category));
  if (a.district) parts.push(w.district(a.district));
  const no = (d.number as string | undefined) ?? APPEAL_NO.exec(a.message ?? '')?.[1];
  switch (a.kind) {
    case 'spike':
      if (d.n !== undefined) parts.push(`${w.number(d.n)} ${w.t('alarm.perHour')} (${w.t('alarm.usual')} ${Number(d.mean ?? 0).toFixed(1)})`);
      break;
    case 'outage':
      if (d.households) parts.push(w.t('alarm.households', { n: w.number(d.households) }));
      if (d.planned) parts.push(w.t('alarm.planned'));
      break;
    case 'runaround': {
      const n = d.reroutes ?? /(\d+) times/.exec(a.message ?? '')?.[1];
      if (no) parts.push(no);
      if (n) parts.push(w.t('alarm.reroutes', { n }));
      break;
    }
    case 'systemic': {
      const n = d.appeals ?? /(\d+) appeals/.exec(a.message ?? '')?.[1];
      if (n) parts.push(w.t('alarm.appealsN', { n }));
      break;
    }
    default:
      if (no) parts.push(no);
  }
  return parts.length ? parts.join(' · ') : a.message;
}
