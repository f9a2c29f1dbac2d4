// Failed logins for usernames that do not exist are counted, not audited one by one: an attacker's random
// usernames would otherwise write an audit row each under the chain's lock (and people type passwords into the
// username field). Once a minute, one `auth.login_failed_unknown` row records how many came from which IPs.
// Failed logins of existing accounts are still audited per attempt (the login limits bound them).
import type { Logger } from 'pino';
import type { RecordAudit } from '../audit';

const MAX_IPS = 1000;

export class UnknownLoginFailures {
  private byIp = new Map<string, number>();
  private others = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private record: RecordAudit,
    private log: Logger,
    everyMs = 60_000,
  ) {
    this.timer = setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  count(ip: string): void {
    const n = this.byIp.get(ip);
    if (n !== undefined || this.byIp.size < MAX_IPS) this.byIp.set(ip, (n ?? 0) + 1);
    else this.others++;
  }

  /** Writes the counts so far as one audit row. */
  async flush(): Promise<void> {
    if (!this.byIp.size && !this.others) return;
    const byIp = Object.fromEntries([...this.byIp].sort((a, b) => b[1] - a[1]).slice(0, 100));
    const attempts = [...this.byIp.values()].reduce((a, b) => a + b, this.others);
    const ips = [...this.byIp.keys()];
    this.byIp.clear();
    this.others = 0;
    try {
      await this.record({ actor: 'anonymous', action: 'auth.login_failed_unknown', ip: ips.length === 1 ? ips[0] : undefined, details: { attempts, ips: ips.length, byIp } });
    } catch (err) {
      this.log.warn({ err: (err as Error).message, attempts }, 'cannot audit failed logins');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
