// What the operations module needs from others, as narrow functions (server/centre.ts builds them).
import type { GpsMessage } from '../../ingest/schema';

/**
 * Hands one position of a device to the ingest pipeline, as if published on `<prefix>gps/<deviceId>`; resolves
 * when it is committed (or spooled while the database is away).
 */
export type SubmitGps = (deviceId: string, message: GpsMessage) => Promise<void>;
