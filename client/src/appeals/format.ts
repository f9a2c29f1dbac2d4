// Small display helpers for appeals: in the screen's language, on the city's clock (see client/src/i18n).
import { when } from '../i18n';

/** "02.12 14:05" on the city's clock, or "—". */
export const dateTime = (iso: string | null | undefined) => when.dateTime(iso);

/** "in 3 d 4 h" / "2 h ago" relative to now, compact, in the screen's language ("−" when past). */
export function until(iso: string, now = Date.now()): string {
  return when.until(iso, now);
}
