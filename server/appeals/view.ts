// Rows of appeal_state as the API and the live stream show them. Personal data (the citizen's contact) only
// when the caller may see it.
import { streams, type AppealEvent, type AppealRecord, type AppealView } from '../../ingest/schema';

export type { AppealView };
import { iso } from '../dialects/iso';
import type { AppealRow } from './store';

const t = (v: unknown) => (v == null ? null : iso(v));

export function toView(r: AppealRow, withPersonal: boolean): AppealView {
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
    formal: r.formal_score == null ? null : { score: r.formal_score, reasons: r.formal_reasons ?? [] },
    sla: r.sla,
    predictedAt: t(r.predicted_at),
    flags: r.flags ?? [],
    rev: r.rev,
    updatedAt: iso(r.updated_at),
  };
}

/** The live event for a changed appeal: the stream's own event shape (never personal data, never the text). */
export function toLive(v: AppealView): AppealEvent {
  return streams.appeals.toEvent({
    id: v.id,
    ts: v.ts,
    channel: v.channel,
    category: v.category,
    sphere: v.sphere,
    district: v.district,
    text: '',
    kind: v.kind as AppealRecord['kind'],
    ...(v.lat != null && v.lon != null ? { lat: v.lat, lon: v.lon } : {}),
    ...(v.address ? { address: v.address } : {}),
    number: v.number,
    status: v.status,
    executor: v.executor ?? undefined,
    dueAt: v.extendedUntil ?? v.dueAt,
    sla: v.sla,
    flags: v.flags,
    repeatOf: v.repeatOf,
    rev: v.rev,
  });
}
