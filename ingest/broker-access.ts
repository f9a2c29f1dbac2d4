// Who may do what on the embedded broker. Three kinds of client:
//   - the centre (its own subscriber and simulator; password generated at every start): everything;
//   - devices listed in MQTT_USERS (`name:password[:topic|topic…]`): publish only to their own topics — the
//     streams' `<prefix>gps/<name>`, `<prefix>incidents/<name>`, `<prefix>status/<name>` — plus the topics
//     (relative to the prefix, MQTT wildcards allowed) listed after the password, e.g. `gateway:pw:appeals`;
//     subscribe only to their own topics, by exact name;
//   - anonymous clients, only while the broker listens on a loopback address: publish under the prefix, subscribe
//     to anything but the appeals (citizens' names and phones go to the centre alone).
import { timingSafeEqual, createHash } from 'node:crypto';

export interface BrokerUser {
  username: string;
  password: string;
  /** extra topic filters (relative to the prefix) this user may publish to */
  topics: string[];
}

export type Identity = { kind: 'centre' } | { kind: 'device'; user: BrokerUser } | { kind: 'anonymous' };

/** The streams whose topic ends in a device's own name (`gps/+` etc.). */
export const OWN_TOPIC_STREAMS = ['gps', 'incidents', 'status'] as const;
export const CENTRE_USERNAME = 'centre';

const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;
const PASSWORD = /^[^\s,:]{12,256}$/;
/** A topic filter relative to the prefix: levels of plain characters, `+`, or a final `#`. */
const validFilter = (f: string) =>
  f.split('/').every((level, i, all) => level === '+' || (level === '#' && i === all.length - 1) || /^[^\s#+|,:$]+$/.test(level));

/**
 * Parses MQTT_USERS: comma-separated `name:password` or `name:password:topic|topic` entries. Throws an Error naming
 * the entry (by its position and name, never its password) that is wrong.
 */
export function parseBrokerUsers(spec: string | undefined): BrokerUser[] {
  if (!spec?.trim()) return [];
  const seen = new Set<string>();
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const [username = '', password = '', topics = '', ...rest] = entry.split(':');
      const where = `entry ${i + 1}${USERNAME.test(username) ? ` (${username})` : ''}`;
      if (!USERNAME.test(username)) throw new Error(`${where}: the name must be 1–64 letters, digits, . _ -`);
      if (username === CENTRE_USERNAME) throw new Error(`${where}: "${CENTRE_USERNAME}" is the centre's own user`);
      if (seen.has(username)) throw new Error(`${where}: the name appears twice`);
      seen.add(username);
      if (rest.length || !PASSWORD.test(password)) throw new Error(`${where}: the password must be 12–256 characters without spaces, commas or colons`);
      const list = topics ? topics.split('|') : [];
      for (const t of list)
        if (!validFilter(t)) throw new Error(`${where}: topic "${t}" must be relative to the prefix; + and # only as whole levels`);
      return { username, password, topics: list };
    });
}

/** Does the MQTT filter match the topic? (`+` one level, `#` the rest.) */
export function filterMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

const digest = (s: string) => createHash('sha256').update(s).digest();
const samePassword = (given: Buffer | string | undefined, want: string) =>
  given !== undefined && timingSafeEqual(digest(Buffer.isBuffer(given) ? given.toString('utf8') : given), digest(want));

export class BrokerAccess {
  private users: Map<string, BrokerUser>;

  constructor(
    private o: {
      prefix: string;
      users: BrokerUser[];
      centrePassword: string;
      /** anonymous clients are let in (loopback only) */
      allowAnonymous: boolean;
      /** client ids only the centre may use (a device taking one would push the centre off) */
      centreClientIds: string[];
    },
  ) {
    this.users = new Map(o.users.map((u) => [u.username, u]));
  }

  /** The identity for a CONNECT, or an MQTT 3.1.1 return code: 4 bad user name or password, 5 not authorised. */
  authenticate(clientId: string, username: string | undefined, password: Buffer | undefined): Identity | 4 | 5 {
    let who: Identity | 4 | 5;
    if (!username) who = this.o.allowAnonymous && password === undefined ? { kind: 'anonymous' } : 5;
    else if (username === CENTRE_USERNAME) who = samePassword(password, this.o.centrePassword) ? { kind: 'centre' } : 4;
    else {
      const user = this.users.get(username);
      // compare against something even for an unknown name, so that the time does not tell which names exist
      const ok = samePassword(password, user?.password ?? this.o.centrePassword) && !!user;
      who = ok ? { kind: 'device', user: user! } : 4;
    }
    if (typeof who === 'object' && who.kind !== 'centre' && this.o.centreClientIds.includes(clientId)) return 5;
    return who;
  }

  private ownTopics(user: BrokerUser): string[] {
    return OWN_TOPIC_STREAMS.map((s) => `${this.o.prefix}${s}/${user.username}`);
  }

  /** Why this publish is refused, or null when allowed. */
  refusePublish(who: Identity | undefined, topic: string): string | null {
    if (!who) return 'not connected';
    if (topic.startsWith('$')) return `${topic.split('/')[0]} topics are reserved`;
    if (who.kind === 'centre') return null;
    if (who.kind === 'anonymous') return topic.startsWith(this.o.prefix) ? null : `only topics under ${this.o.prefix}`;
    if (this.ownTopics(who.user).includes(topic)) return null;
    if (topic.startsWith(this.o.prefix) && who.user.topics.some((f) => filterMatches(f, topic.slice(this.o.prefix.length)))) return null;
    return `${who.user.username} may not publish to ${topic}`;
  }

  /** May this client subscribe to this filter? */
  maySubscribe(who: Identity | undefined, filter: string): boolean {
    if (!who) return false;
    if (who.kind === 'centre') return true;
    if (who.kind === 'device') return this.ownTopics(who.user).includes(filter);
    // anonymous (loopback): anything that can never carry an appeal, nor a shared subscription that could
    if (filter.startsWith('$share/')) return false;
    return !filterMatches(filter, this.appealsTopic);
  }

  /** May this message be delivered to this client? (A last check: appeals go to the centre only.) */
  mayReceive(who: Identity | undefined, topic: string): boolean {
    return who?.kind === 'centre' || (!!who && topic !== this.appealsTopic);
  }

  get appealsTopic(): string {
    return `${this.o.prefix}appeals`;
  }
}
