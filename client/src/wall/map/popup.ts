// What a clicked point says about itself, as the HTML of a Leaflet popup: a vehicle's crew, speed and last fix;
// an incident's type, camera and confidence; an appeal's number, category, street, status, deadline and executor
// (no citizen data: the live stream never carries it; the address cut to the street here too, as the room may read
// it), with a link to its card for those who may open cards.
// Every text from the data is escaped.
import type { Picked } from './pick';
import { streetLevel } from '../../../../ingest/schema/redact';
import { isOffline } from '../../live/vehicles';

export interface PopupText {
  t: (key: string, params?: Record<string, unknown>) => string;
  category: (id: string) => string;
  time: (d: Date) => string;
  /** a day and time, for deadlines days away */
  dateTime: (d: Date) => string;
  /** an organisation's name by its id (absent: no executor line; an id is never shown) */
  org?: (id: string) => string | undefined;
  /** a vehicle as its kind and a short label (absent: the kind only) */
  vehicle?: (id: string, kind?: string | null) => string;
  /** may this session open appeal cards? */
  cards: boolean;
  /** a vehicle silent this long is not reporting (the popup says since when); absent: never */
  vehicleOfflineMs?: number;
  now?: number;
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const line = (cls: string, html: string) => `<div class="pp-${cls}">${html}</div>`;

export function popupHtml(hit: Picked, x: PopupText): string {
  const { t } = x;
  const seen = (ts: string) => line('seen', esc(t('popup.seen', { time: x.time(new Date(ts)) })));
  if (hit.kind === 'vehicle') {
    const e = hit.point.e;
    return [
      line('title', `${esc(t('popup.vehicle'))} <b>${esc(x.vehicle ? x.vehicle(e.vehicleId, e.kind) : e.kind ? t(`kinds.${e.kind}`) : '')}</b>`),
      ...(x.vehicleOfflineMs !== undefined && isOffline(Date.parse(e.ts), x.now ?? Date.now(), x.vehicleOfflineMs)
        ? [line('offline', esc(t('fleet.offlineSince', { time: x.time(new Date(e.ts)) })))]
        : [line('speed', esc(t('popup.speed', { n: Math.round(e.speed) }))), seen(e.ts)]),
    ].join('');
  }
  if (hit.kind === 'incident') {
    const e = hit.point.e;
    return [
      line('title', `<b>${esc(t(`incident.${e.type}`))}</b>`),
      line('camera', `${esc(t('popup.camera'))} ${esc(e.cameraId)}`),
      line('confidence', esc(t('popup.confidence', { n: Math.round(e.confidence * 100) }))),
      seen(e.ts),
    ].join('');
  }
  const e = hit.point.e;
  return [
    line('title', e.number ? `<b>${esc(e.number)}</b>` : `<i>${esc(t('popup.registering'))}</i>`),
    line('category', esc(x.category(e.category))),
    streetLevel(e.address) ? line('address', esc(streetLevel(e.address))) : '',
    e.status ? line('status', `${esc(t(`status.${e.status}`))}${e.sla ? ` · <span class="pp-sla-${esc(e.sla)}">${esc(t(`sla.${e.sla}`))}</span>` : ''}`) : '',
    e.dueAt ? line('due', `${esc(t('popup.due'))} ${esc(x.dateTime(new Date(e.dueAt)))}`) : '',
    e.executor && x.org?.(e.executor) ? line('executor', esc(x.org(e.executor))) : '',
    seen(e.ts),
    x.cards && e.number ? line('open', `<a href="/appeals/${encodeURIComponent(e.id)}" data-appeal="${esc(e.id)}">${esc(t('popup.open'))}</a>`) : '',
  ].join('');
}
