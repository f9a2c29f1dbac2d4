// What the alarms module needs from others, as narrow functions (server/centre.ts builds them).
import type { CapAlert, CapParsed } from '../operations';

/** CAP 1.2 reading (the operations module's pure cap.ts, handed in by the centre). */
export interface CapTools {
  parse(xml: string): CapParsed;
  /** the alert's areas as one GeoJSON FeatureCollection */
  areas(alert: CapAlert): { type: 'FeatureCollection'; features: unknown[] };
}
