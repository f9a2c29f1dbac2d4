// Appeal transitions: check the state machine and the rules (conflict of interest, one extension within the
// legal maximum, evidence on answers), write the new state and its event in one statement guarded by the
// revision (a concurrent change makes it a 409), its audit row in the same statement, then push it live.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../dialects';
import type { Principal } from '../access/principal';
import type { AlarmEvent } from '../../ingest/schema';
import { nextStatus, TransitionError, type AppealAction } from './lifecycle';
import type { Router } from './intake/routing';
import { deadlinesFor } from './sla/deadlines';
import { scoreFormalReply, FORMAL_THRESHOLD } from './detectors/formal-reply';
import { toLive, toView, type AppealView } from './view';
import { findings } from './detectors/findings';
import { confirmMessage, outboxChannel } from './outbox/outbox';
import { appealRow, confirmTokenState, confirmTokenUnused, reissueConfirm, writeTransition, type AppealRow } from './store';
import type { AuditSql, LivePublish } from './ports';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface TransitionInput {
  action: AppealAction;
  reason?: string;
  text?: string;
  org?: string;
  until?: string;
}

/** Who acts: a signed-in principal, or the citizen through a confirmation link. */
export type Actor = Pick<Principal, 'username'> & { role?: string };

export class ConflictError extends Error {}
export class NotFoundError extends Error {}
/** A confirmation link that was used, expired (or replaced by a newer one), or whose appeal no longer waits. */
export class GoneError extends Error {
  constructor(
    public reason: 'used' | 'expired' | 'closed',
    message: string,
  ) {
    super(message);
  }
}

export const RUNAROUND_REROUTES = 2;
export const CONFIRM_TTL_DAYS = 14;

export class AppealService {
  constructor(
    private db: Db,
    private hub: LivePublish,
    private router: Router,
    private sql: Pick<AuditSql, 'insert'>,
    private opts: { publicUrl?: string } = {},
  ) {}

  /** By registration number when it has the number's shape, else by id (ids never take that shape). */
  row(id: string): Promise<AppealRow | null> {
    return appealRow(this.db, id);
  }

  async transition(id: string, input: TransitionInput, who: Actor, ip?: string, opts: { tokenHash?: string } = {}): Promise<{ appeal: AppealView; confirmSent: boolean }> {
    const cur = await this.row(id);
    if (!cur) throw new NotFoundError(`no appeal ${id}`);
    const from = cur.status;
    const to = nextStatus(from, input.action, input);
    const now = new Date();
    const set: Record<string, unknown> = { status: to };
    const flags = new Set<string>(cur.flags ?? []);
    const alarms: AlarmEvent[] = [];
    const data: Record<string, unknown> = {};
    let confirmToken: string | undefined;
    const alarm = (kind: AlarmEvent['kind'], severity: AlarmEvent['severity'], message: string, extra: Record<string, unknown> = {}) => {
      findings.inc({ detector: kind });
      const data = { number: cur.number, org: set.executor_org ?? cur.executor_org, ...extra };
      alarms.push({ stream: 'alarms', id: `${kind}:${cur.id}`, ts: now.toISOString(), kind, severity, district: cur.district, category: cur.category, appealId: cur.id, message, data });
    };

    switch (input.action) {
      case 'assign':
      case 'forward': {
        const org = input.org!;
        if (!this.router.orgs.has(org)) throw new TransitionError(`unknown organisation ${org}`, 'org');
        if (this.router.conflicts(org, cur.about_org))
          throw new TransitionError(`conflict of interest: the appeal is about ${cur.about_org}; it cannot go to ${org} or its units`, 'org');
        if (org === cur.executor_org && input.action === 'forward') throw new TransitionError(`the appeal is already with ${org}`, 'org');
        set.executor_org = org;
        set.manager = this.router.orgs.get(org)!.head;
        data.org = org;
        data.previous = cur.executor_org;
        if (input.action === 'forward') {
          set.reroutes = cur.reroutes + 1;
          if (cur.reroutes + 1 >= RUNAROUND_REROUTES && !flags.has('runaround')) {
            flags.add('runaround');
            alarm('runaround', 'warning', `${cur.number}: re-routed ${cur.reroutes + 1} times`, { reroutes: cur.reroutes + 1 });
          }
        }
        break;
      }
      case 'interim':
        set.interim_at = now.toISOString();
        data.text = input.text;
        break;
      case 'extend': {
        if (cur.extended_until) throw new TransitionError('the appeal was already extended once', 'action');
        const max = new Date(cur.max_extended_at);
        const until = input.until ? new Date(input.until) : max;
        if (Number.isNaN(until.getTime())) throw new TransitionError('until must be an ISO date', 'until');
        if (until > max) throw new TransitionError(`an extension may not go past ${max.toISOString()} (2 months)`, 'until');
        if (until <= new Date(cur.due_at)) throw new TransitionError('until must be after the current deadline', 'until');
        set.extended_until = until.toISOString();
        data.until = until.toISOString();
        break;
      }
      case 'answer':
      case 'resolve_first_contact': {
        const f = scoreFormalReply(input.text!, { text: cur.text, category: cur.category });
        set.answer = input.text;
        set.answered_at = now.toISOString();
        set.formal_score = f.score;
        set.formal_reasons = JSON.stringify(f.reasons);
        data.formalScore = f.score;
        if (f.score >= FORMAL_THRESHOLD) {
          flags.add('formal_reply');
          alarm('formal_reply', 'warning', `${cur.number}: answer looks like a formal reply (${f.score.toFixed(2)})`, { score: f.score });
        }
        const due = new Date(cur.extended_until ?? cur.due_at);
        set.sla = now <= due ? 'met' : 'missed';
        if (input.action === 'resolve_first_contact') set.resolved_at = now.toISOString();
        else {
          confirmToken = randomBytes(18).toString('base64url');
          data.confirmLink = true;
        }
        break;
      }
      case 'confirm':
        set.resolved_at = now.toISOString();
        set.closed_at = cur.closed_at ?? now.toISOString();
        break;
      case 'dispute': {
        // the problem is back: a new term from now; the missed resolution stays visible in the history
        const d = deadlinesFor(now, cur.category, cur.kind);
        Object.assign(set, { due_at: d.dueAt, interim_due_at: d.interimDueAt, max_extended_at: d.maxExtendedAt, extended_until: null, answered_at: null, sla: 'on_time' });
        flags.add('reopened');
        break;
      }
      case 'close_unconfirmed':
      case 'reject':
      case 'out_of_scope_court':
        set.closed_at = now.toISOString();
        if (input.action !== 'close_unconfirmed') set.answered_at = cur.answered_at ?? now.toISOString();
        break;
    }
    set.flags = [...flags];

    // the link goes to the citizen through the outbox, in the same transaction; never back to the caller
    const dest = confirmToken ? outboxChannel(cur.citizen) : null;
    const row = await writeTransition(this.db, this.sql, {
      id: cur.id,
      rev: cur.rev,
      set,
      event: { type: input.action, from, to, actor: who.username, role: who.role, reason: input.reason ?? null, data },
      tokenHash: opts.tokenHash,
      confirm:
        confirmToken && dest
          ? {
              hash: sha256(confirmToken),
              ttlDays: CONFIRM_TTL_DAYS,
              channel: dest.channel,
              recipient: dest.recipient,
              body: confirmMessage(cur.number, this.confirmLink(confirmToken)),
            }
          : undefined,
      // the audit row commits with the change, or neither does
      audit: { actor: who.username, role: who.role, action: `appeal.${input.action}`, target: `appeal:${cur.id}`, ip, details: { from, to, reason: input.reason, org: input.org } },
    });
    if (!row) {
      if (opts.tokenHash && !(await confirmTokenUnused(this.db, opts.tokenHash))) throw new GoneError('used', 'this confirmation link was already used');
      throw new ConflictError(`appeal ${cur.number} changed meanwhile; reload and try again`);
    }
    const view = toView(row, false);
    this.hub.publish([toLive(view), ...alarms]);
    return { appeal: view, confirmSent: !!confirmToken };
  }

  /**
   * Triage: the district of an appeal registered without one (the triage queue) is set, which moves it into that
   * district's queue — an event in its history, its audit row in the same statement, a live event for the
   * district. An appeal still with the executor that routing gave it without a district is routed again for its
   * district (an executor chosen by hand since is kept). 422 when it already has a district, 409 on a concurrent change.
   */
  async setDistrict(id: string, district: string, who: Actor, ip?: string): Promise<AppealView> {
    const cur = await this.row(id);
    if (!cur) throw new NotFoundError(`no appeal ${id}`);
    if (cur.district) throw new TransitionError(`the appeal is already in district ${cur.district}`, 'district');
    const set: Record<string, unknown> = { district };
    const data: Record<string, unknown> = { district };
    const routed = this.router.route(cur.category, null, { org: cur.about_org });
    if (cur.status === 'assigned' && cur.executor_org === routed.org) {
      const now = this.router.route(cur.category, district, { org: cur.about_org });
      if (now.org !== cur.executor_org) {
        set.executor_org = now.org;
        set.manager = this.router.orgs.get(now.org)?.head ?? null;
        Object.assign(data, { org: now.org, previous: cur.executor_org });
      }
    }
    const row = await writeTransition(this.db, this.sql, {
      id: cur.id,
      rev: cur.rev,
      set,
      event: { type: 'district', from: cur.status, to: cur.status, actor: who.username, role: who.role, reason: null, data },
      audit: { actor: who.username, role: who.role, action: 'appeal.district', target: `appeal:${cur.id}`, ip, details: { district, org: set.executor_org } },
    });
    if (!row) throw new ConflictError(`appeal ${cur.number} changed meanwhile; reload and try again`);
    const view = toView(row, false);
    this.hub.publish([toLive(view)]);
    return view;
  }

  private confirmLink(token: string): string {
    return `${this.opts.publicUrl?.replace(/\/$/, '') ?? ''}/confirm/${token}`;
  }

  /**
   * A new confirmation link to the citizen of an appeal that waits for them (the last one lost, expired or never
   * delivered): the earlier links expire, the message goes to the outbox, audited as `appeal.resend`, one
   * transaction. Returns the new message's id.
   */
  async resendConfirm(id: string, who: Actor, ip?: string): Promise<number> {
    const cur = await this.row(id);
    if (!cur) throw new NotFoundError(`no appeal ${id}`);
    if (cur.status !== 'answered') throw new TransitionError(`appeal ${cur.number} does not wait for the citizen's confirmation (${cur.status})`, 'status');
    const token = randomBytes(18).toString('base64url');
    const dest = outboxChannel(cur.citizen);
    const msg = await reissueConfirm(this.db, this.sql, {
      appealId: cur.id,
      hash: sha256(token),
      ttlDays: CONFIRM_TTL_DAYS,
      channel: dest.channel,
      recipient: dest.recipient,
      body: confirmMessage(cur.number, this.confirmLink(token)),
      audit: { actor: who.username, role: who.role, action: 'appeal.resend', target: `appeal:${cur.id}`, ip, details: { channel: dest.channel } },
    });
    if (msg == null) throw new ConflictError(`appeal ${cur.number} changed meanwhile; reload and try again`);
    return msg;
  }

  /** The appeal an open confirmation link is for; a used or expired link, or an appeal that no longer waits, is gone. */
  async confirmable(token: string): Promise<AppealRow> {
    const t = await confirmTokenState(this.db, sha256(token));
    if (!t) throw new NotFoundError('this confirmation link is invalid');
    if (t.state === 'used') throw new GoneError('used', 'this confirmation link was already used');
    if (t.state === 'expired') throw new GoneError('expired', 'this confirmation link has expired');
    const row = await this.row(t.appealId);
    if (!row) throw new NotFoundError('this confirmation link is invalid');
    if (row.status !== 'answered') throw new GoneError('closed', `appeal ${row.number} no longer waits for a confirmation`);
    return row;
  }

  /** The citizen's answer through the confirmation link; `ip` is the requester's, for the audit row. */
  async confirmByToken(token: string, satisfied: boolean, comment: string | undefined, ip: string | undefined): Promise<AppealView> {
    const tokenHash = sha256(token);
    const appealId = (await this.confirmable(token)).id;
    const r = await this.transition(
      appealId,
      { action: satisfied ? 'confirm' : 'dispute', reason: satisfied ? comment : comment || 'the citizen is not satisfied' },
      { username: 'citizen', role: 'citizen' },
      ip,
      { tokenHash },
    );
    return r.appeal;
  }
}
