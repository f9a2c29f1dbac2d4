// Leader election for timers that must run exactly once across nodes (aggregate refresh, SLA clocks,
// escalation): a PostgreSQL session-level advisory lock held on a dedicated connection. If the leader dies its
// connection closes, the lock is released, and another node takes over within a few seconds.
// The embedded database serves one process, which is always the leader.
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../dialects';

const LEADER_LOCK = 727_002;

export class Leader {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  isLeader = false;
  /** the names of this node's leader jobs running now (server/jobs/every.ts) */
  readonly running = new Set<string>();

  private constructor(
    private url: string | undefined,
    private log: Logger,
  ) {}

  static async start(db: Db, url: string | undefined, log: Logger): Promise<Leader> {
    const l = new Leader(db.kind === 'pglite-timescaledb' ? undefined : url, log);
    if (!l.url) l.isLeader = true;
    else {
      await l.attempt();
      l.timer = setInterval(() => void l.attempt(), 3000);
    }
    return l;
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.isLeader) return;
    try {
      if (!this.client) {
        const c = new pg.Client({ connectionString: this.url });
        c.on('error', () => this.lost());
        c.on('end', () => this.lost());
        await c.connect();
        this.client = c;
      }
      const r = await this.client.query('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok', [LEADER_LOCK]);
      if (r.rows[0].ok) {
        this.isLeader = true;
        this.log.info('this node is the leader: it runs the cluster-wide timers');
      }
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'leader election attempt failed');
      this.lost();
    }
  }

  private lost(): void {
    if (this.isLeader) this.log.warn('leadership lost');
    this.isLeader = false;
    const c = this.client;
    this.client = null;
    c?.end().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.isLeader = false;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
