// Small display helpers for appeals.
export const dateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('ru-RU', { timeZone: 'Asia/Almaty', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—';

/** "in 3 d 4 h" / "2 h ago" relative to now, compact. */
export function until(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const a = Math.abs(ms);
  const d = Math.floor(a / 86400_000);
  const h = Math.floor((a % 86400_000) / 3600_000);
  const m = Math.floor((a % 3600_000) / 60_000);
  const s = d ? `${d} д ${h} ч` : h ? `${h} ч ${m} мин` : `${m} мин`;
  return ms >= 0 ? s : `−${s}`;
}
