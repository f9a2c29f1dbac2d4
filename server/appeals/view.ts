// Rows of appeal_state as the API and the live stream show them. Personal data (the citizen's contact) only
// when the caller may see it.
import type { AppealEvent } from '../../ingest/schema';
import { iso } from '../live/state';

export interface AppealView {
  id: string;
  number: string;
  kind: string;
  ts: string;
  registeredAt: string;
  channel: string;
  sphere: string;
  category: string;
  text: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  district: string | null;
  citizen?: { name?: string; phone?: string; email?: string } | null;
  about: { org: string | null; official: string | null } | null;
  status: string;
  executor: string | null;
  manager: string | null;
  dueAt: string;
  interimDueAt: string;
  extendedUntil: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  resolvedAt: string | null;
  answer: string | null;
  reroutes: number;
  repeatOf: string | null;
  repeats: number;
  formal: { score: number; reasons: unknown } | null;
  sla: string;
  predictedAt: string | null;
  flags: string[];
  rev: number;
  updatedAt: string;
}

const t = (v: unknown) => (v == null ? null : iso(v));

export function toView(r: any, withPersonal: boolean): AppealView {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    ts: iso(r.ts),
    registeredAt: iso(r.registered_at),
    channel: r.channel,
    sphere: r.sphere,
    category: r.category,
    text: r.text,
    lat: r.lat,
    lon: r.lon,
    address: r.address,
    district: r.district,
    ...(withPersonal ? { citizen: r.citizen } : {}),
    about: r.about_org || r.about_official ? { org: r.about_org, official: r.about_official } : null,
    status: r.status,
    executor: r.executor_org,
    manager: r.manager,
    dueAt: iso(r.due_at),
    interimDueAt: iso(r.interim_due_at),
    extendedUntil: t(r.extended_until),
    answeredAt: t(r.answered_at),
    closedAt: t(r.closed_at),
    resolvedAt: t(r.resolved_at),
    answer: r.answer,
    reroutes: r.reroutes,
    repeatOf: r.repeat_of,
    repeats: r.repeats,
    formal: r.formal_score == null ? null : { score: r.formal_score, reasons: r.formal_reasons },
    sla: r.sla,
    predictedAt: t(r.predicted_at),
    flags: r.flags ?? [],
    rev: r.rev,
    updatedAt: iso(r.updated_at),
  };
}

/** The live event for a changed appeal (never personal data, never the text). */
export function toLive(v: AppealView): AppealEvent {
  return {
    stream: 'appeals',
    id: v.id,
    ts: v.ts,
    channel: v.channel,
    category: v.category,
    sphere: v.sphere,
    district: v.district,
    ...(v.lat != null ? { lat: v.lat, lon: v.lon! } : {}),
    ...(v.address ? { address: v.address } : {}),
    ...(v.kind !== 'appeal' ? { kind: v.kind } : {}),
    number: v.number,
    status: v.status,
    executor: v.executor ?? undefined,
    dueAt: v.extendedUntil ?? v.dueAt,
    sla: v.sla,
    flags: v.flags,
    repeatOf: v.repeatOf,
    rev: v.rev,
  };
}
