// Open311 API keys: stored hashed, managed by an admin, seeded from OPEN311_API_KEYS at start. The repository of
// the `open311_keys` table (Open311's only one: the appeals it shows come through the appeals' api).
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Stmt } from '../dialects';
import type { AuditApi, AuditEntry } from '../audit';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A row of `open311_keys`: the key's SHA-256 (its first 12 hex digits are its public id). */
export interface KeyRow {
  hash: string;
  name: string;
  created_by: string;
  created_at: string | Date;
  revoked_at: string | Date | null;
}

export class ApiKeys {
  private cache = new Map<string, { name: string; at: number } | null>();
  constructor(
    private db: Db,
    /** the audit row in the key's own statement (the audit module's) */
    private withAudit: AuditApi['withAudit'],
  ) {}

  async seed(keys: string[]): Promise<void> {
    for (const k of keys)
      await this.db.query(`INSERT INTO open311_keys (hash, name, created_by) VALUES ($1, $2, 'OPEN311_API_KEYS') ON CONFLICT (hash) DO UPDATE SET revoked_at = NULL`, [sha256(k), `seeded …${k.slice(-4)}`]);
  }

  /** A new key; with `audit`, its audit row (target `open311_key:<id>`) commits with it. */
  async create(name: string, by: string, audit?: AuditEntry): Promise<{ key: string; id: string }> {
    const key = randomBytes(24).toString('base64url');
    const id = sha256(key).slice(0, 12);
    const s: Stmt = { sql: `INSERT INTO open311_keys (hash, name, created_by) VALUES ($1, $2, $3) RETURNING hash`, params: [sha256(key), name, by] };
    const q = audit ? this.withAudit(s, audit, `'open311_key:' || left(changed.hash, 12)`) : s;
    await this.db.query(q.sql, q.params);
    return { key, id };
  }

  async list(): Promise<{ id: string; name: string; created_by: string; created_at: string; revoked_at: string | null }[]> {
    return (await this.db.query<KeyRow>(`SELECT hash, name, created_by, created_at, revoked_at FROM open311_keys ORDER BY created_at DESC`)).map((r) => ({
      id: r.hash.slice(0, 12),
      name: r.name,
      created_by: r.created_by,
      created_at: new Date(r.created_at).toISOString(),
      revoked_at: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    }));
  }

  async revoke(id: string, audit?: AuditEntry): Promise<boolean> {
    this.cache.clear();
    const s: Stmt = { sql: `UPDATE open311_keys SET revoked_at = now() WHERE left(hash, 12) = $1 AND revoked_at IS NULL RETURNING 1`, params: [id] };
    const q = audit ? this.withAudit(s, audit) : s;
    return (await this.db.query(q.sql, q.params)).length > 0;
  }

  /** The key's name when it is valid (cached for 10 s). */
  async check(key: string | undefined): Promise<string | null> {
    if (!key || key.length > 200) return null;
    const h = sha256(key);
    const c = this.cache.get(h);
    if (c !== undefined && c !== null && Date.now() - c.at < 10_000) return c.name;
    const r = await this.db.query<{ name: string }>(`SELECT name FROM open311_keys WHERE hash = $1 AND revoked_at IS NULL`, [h]);
    const v = r[0] ? { name: r[0].name, at: Date.now() } : null;
    this.cache.set(h, v);
    return v?.name ?? null;
  }
}
