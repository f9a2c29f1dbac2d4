// The system module's one query: is the database answering (GET /api/health).
import type { Db } from '../dialects';

export async function pingDb(db: Pick<Db, 'query'>): Promise<void> {
  await db.query<{ one: number }>('SELECT 1 AS one');
}
