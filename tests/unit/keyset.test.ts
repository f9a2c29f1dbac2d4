// The filtered keyset page (server/db/keyset.ts) shared by the list endpoints (audit log, citizen outbox).
import { describe, expect, it } from 'vitest';
import { keysetPage, keysetSql } from '../../server/db/keyset';

describe('filtered keyset page', () => {
  it('numbers the given filters and the cursor in order, leaves out the ones not given, and ends with the limit', () => {
    const s = keysetSql({
      select: 'SELECT seq FROM audit_log',
      filters: [
        ['actor = ?', 'admin'],
        ['action LIKE ?', undefined],
        ['at >= ?', '2026-01-01T00:00:00Z'],
      ],
      key: 'seq',
      before: 42,
      limit: 10,
    });
    expect(s.sql).toBe('SELECT seq FROM audit_log WHERE actor = $1 AND at >= $2 AND seq < $3 ORDER BY seq DESC LIMIT $4');
    expect(s.params).toEqual(['admin', '2026-01-01T00:00:00Z', 42, 10]);
  });

  it('has no WHERE without filters or cursor', () => {
    const s = keysetSql({ select: 'SELECT id FROM citizen_outbox', filters: [['appeal_id = ?', undefined]], key: 'id', limit: 5 });
    expect(s).toEqual({ sql: 'SELECT id FROM citizen_outbox  ORDER BY id DESC LIMIT $1', params: [5] });
  });

  it('gives the next cursor only when the page is full', async () => {
    const rows = [{ id: '9' }, { id: '7' }];
    const db = { query: async <R>() => rows as R[] };
    const q = { select: 'SELECT id FROM t', filters: [], key: 'id' };
    expect(await keysetPage(db, { ...q, limit: 2 }, (r: { id: string }) => Number(r.id))).toEqual({ rows, next: 7 });
    expect(await keysetPage(db, { ...q, limit: 3 }, (r: { id: string }) => Number(r.id))).toEqual({ rows, next: null });
  });
});
