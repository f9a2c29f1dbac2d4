// Issue 9, items 1, 2, 10, 14, 15, tried as the scoped users who could exploit them: HTTP intake cannot reach
// another territory's appeal, forge a number, back-date or file outside the territory; repeats stay in the
// territory; an executor never gets the citizen's confirmation link; the simulator leaves real appeals alone; the
// audit row commits with its change or the change does not happen, and every audited column is in the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { pgCentre, type TestCentre } from '../helpers/centre';
import { appeal, MOSQUITTO_URL, publishAll, quietLog, uid, waitFor } from '../helpers/services';
import { simulateLifecycles } from '../../server/appeals/simulate-lifecycle';

// points inside the districts (the map's polygons): Yesil, Nura
const YESIL = { lat: 51.128, lon: 71.43 };
const NURA = { lat: 51.09, lon: 71.36 };

describe('appeals security (issue 9)', () => {
  let c: TestCentre;
  let yesilOperator: string;
  let yesilDispatcher: string;
  let admin: pg.Client;
  beforeAll(async () => {
    c = await pgCentre();
    yesilOperator = await c.tokenFor('operator', ['astana-yesil']);
    yesilDispatcher = await c.tokenFor('dispatcher', ['astana-yesil']);
    // a superuser going around the application (tampering, failure injection)
    admin = new pg.Client({ connectionString: c.schemaUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await c?.cleanup();
  });

  const post = (id: string, extra: Record<string, unknown> = {}) => publishAll(MOSQUITTO_URL, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify(appeal(id, extra)) }]);
  const registered = async (id: string) => {
    const r = await waitFor(async () => ((await c.get(`/api/appeals/${id}`)).http === 200 ? c.get(`/api/appeals/${id}`) : null));
    expect(r).toBeTruthy();
    return r;
  };
  const audits = async (q: string) => (await c.get(`/api/audit?${q}`)).items as any[];
  const form = { channel: 'front_office', category: 'roads.sidewalk', text: 'Разбит тротуар у дома' };

  describe('1. HTTP intake', () => {
    it("re-posting another territory's appeal id is a 409 that reveals nothing", async () => {
      const id = uid('a');
      await post(id, { ...NURA, text: 'Жалоба из Нуры', citizen: { name: 'Данияр Нуров', phone: '+77015550001' } });
      const nura = (await registered(id)).appeal;
      expect(nura.district).toBe('astana-nura');
      const r = await c.send('POST', '/api/appeals', { ...form, ...YESIL, id, citizen: { name: 'x' } }, yesilOperator);
      expect(r).toMatchObject({ http: 409, field: 'id' });
      const text = JSON.stringify(r);
      for (const secret of ['Данияр', '77015550001', nura.number, 'Жалоба из Нуры']) expect(text).not.toContain(secret);
      // even inside the caller's own territory, someone else's id is not a way in
      const yesilId = uid('a');
      await post(yesilId, { ...YESIL, citizen: { name: 'Асель Есилова', phone: '+77015550002' } });
      await registered(yesilId);
      const again = await c.send('POST', '/api/appeals', { ...form, ...YESIL, id: yesilId }, yesilOperator);
      expect(again).toMatchObject({ http: 409 });
      expect(JSON.stringify(again)).not.toContain('77015550002');
      expect(await audits(`action=personal.view&actor=test-operator&target=appeal:${id}`)).toHaveLength(0);
    });

    it('a retry of your own id returns your appeal once registered, and each view of its contact data is audited', async () => {
      const id = uid('http');
      const body = { ...form, ...YESIL, id, citizen: { name: 'Ержан Сериков', phone: '+77015550003' } };
      const first = await c.send('POST', '/api/appeals', body, yesilOperator);
      expect(first).toMatchObject({ http: 201, id, district: 'astana-yesil', citizen: { phone: '+77015550003' } });
      const retry = await c.send('POST', '/api/appeals', body, yesilOperator);
      expect(retry).toMatchObject({ http: 200, id, number: first.number, citizen: { phone: '+77015550003' } });
      const views = await audits(`action=personal.view&target=appeal:${id}`);
      expect(views).toHaveLength(2);
      expect(views.every((v) => v.actor === 'test-operator' && v.role === 'operator')).toBe(true);
      const created = await audits(`action=appeal.create&target=appeal:${id}`);
      expect(created).toHaveLength(1);
      // another Yesil operator (another account) cannot take it over by its id
      const other = await c.tokenAs({ username: 'other-operator', role: 'operator', districts: ['astana-yesil'] });
      const theirs = await c.send('POST', '/api/appeals', body, other);
      expect(theirs).toMatchObject({ http: 409 });
      expect(JSON.stringify(theirs)).not.toContain('77015550003');
    });

    it('an id cannot take the shape of an appeal number, so no appeal can pose as a number not yet issued', async () => {
      const year = new Date().getUTCFullYear();
      for (const id of [`AST-${year}-9902342`, `ast-${year}-9902342`]) {
        expect(await c.send('POST', '/api/appeals', { ...form, ...YESIL, id }, yesilOperator)).toMatchObject({ http: 400, field: 'id' });
      }
      // nor over MQTT
      await post(`AST-${year}-9902343`, YESIL);
      await new Promise((r) => setTimeout(r, 1500));
      expect((await c.get(`/api/appeals/AST-${year}-9902343`)).http).toBe(404);
      expect((await c.db.query(`SELECT 1 FROM appeals WHERE id = $1`, [`AST-${year}-9902343`])).length).toBe(0);
    });

    it('the server sets ts for HTTP intake', async () => {
      const before = Date.now();
      const r = await c.send('POST', '/api/appeals', { ...form, ...YESIL, ts: '2020-01-01T00:00:00Z' }, yesilOperator);
      expect(r.http).toBe(201);
      expect(Date.parse(r.ts)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(r.ts)).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('the district, given or derived from lat/lon, must be in the caller territory', async () => {
      const given = await c.send('POST', '/api/appeals', { ...form, district: 'astana-saryarka' }, yesilOperator);
      expect(given).toMatchObject({ http: 403, field: 'district' });
      const derived = await c.send('POST', '/api/appeals', { ...form, ...NURA }, yesilOperator);
      expect(derived).toMatchObject({ http: 403, field: 'district' });
      // without a district it is not refused: it goes to the triage queue and stays with its creator (issue 12)
      const none = await c.send('POST', '/api/appeals', { ...form }, yesilOperator);
      expect(none).toMatchObject({ http: 201, district: null });
      expect((await c.get(`/api/appeals/${none.id}`, yesilOperator)).http).toBe(200);
      const n = await c.db.query(`SELECT count(*)::int AS n FROM appeals WHERE district IN ('astana-saryarka', 'astana-nura') AND channel = 'front_office'`);
      expect(n[0].n).toBe(0);
      // inside the territory it is accepted
      expect(await c.send('POST', '/api/appeals', { ...form, district: 'astana-yesil' }, yesilOperator)).toMatchObject({ http: 201, district: 'astana-yesil' });
    });
  });

  it('2. repeats matched city-wide are listed only when the caller may see them', async () => {
    const phone = '+77015550004';
    const root = uid('a');
    await post(root, { ...NURA, category: 'water.supply', text: 'Нет воды, кв. 17, текст из Нуры', citizen: { name: 'Гульнара', phone } });
    await registered(root);
    const inYesil = uid('a');
    await post(inYesil, { ...YESIL, category: 'water.supply', citizen: { name: 'Гульнара', phone } });
    expect((await registered(inYesil)).appeal.repeatOf).toBe(root);
    const sibling = uid('a');
    await post(sibling, { lat: 51.1285, lon: 71.4305, category: 'water.supply', citizen: { name: 'Гульнара', phone } });
    expect((await registered(sibling)).appeal.repeatOf).toBe(root);
    const r = await c.get(`/api/appeals/${inYesil}`, yesilDispatcher);
    expect(r.http).toBe(200);
    expect(r.repeats.map((x: any) => x.id)).toEqual([sibling]);
    expect(JSON.stringify(r)).not.toContain('текст из Нуры');
    // a city-wide user still sees them all
    expect((await c.get(`/api/appeals/${inYesil}`)).repeats.map((x: any) => x.id).sort()).toEqual([root, sibling].sort());
  });

  describe('10. the confirmation link', () => {
    it('goes to the citizen through the outbox, never to the executor; the confirm audit records the ip', async () => {
      const id = uid('a');
      await post(id, { ...YESIL, category: 'water.supply', citizen: { name: 'Бауыржан', phone: '+77015550005' } });
      const a = (await registered(id)).appeal;
      const executor = await c.tokenAs({ username: 'clerk', role: 'executor', districts: null, organisations: [a.executor] });
      const ans = await c.send('POST', `/api/appeals/${id}/transitions`, { action: 'answer', text: 'Подача воды восстановлена 24.11.2026 в 16:00, заменён участок трубы.' }, executor);
      expect(ans).toMatchObject({ http: 200, confirmSent: true, appeal: { status: 'answered' } });
      expect(ans.confirmToken).toBeUndefined();
      expect(ans.confirmUrl).toBeUndefined();
      // the executor cannot read the outbox
      expect((await c.get(`/api/outbox?appeal=${id}`, executor)).http).toBe(403);
      expect((await c.get(`/api/outbox?appeal=${id}`, yesilOperator)).http).toBe(403);
      const box = await c.get(`/api/outbox?appeal=${id}`);
      expect(box.items).toHaveLength(1);
      // (the demo sender may already have delivered it: sentAt is null or a time)
      expect(box.items[0]).toMatchObject({ appealId: id, channel: 'sms', recipient: '+77015550005' });
      const token = box.items[0].body.match(/\/confirm\/([A-Za-z0-9_-]{20,})/)?.[1];
      expect(token).toBeTruthy();
      expect(JSON.stringify(ans)).not.toContain(token);
      expect((await audits(`action=personal.view&target=outbox:appeal:${id}&actor=test-admin`)).length).toBe(1);
      // the executor's card shows nothing of it either
      expect(JSON.stringify(await c.get(`/api/appeals/${id}`, executor))).not.toContain(token);
      expect(await c.send('POST', `/api/confirm/${token}`, { satisfied: true }, '')).toMatchObject({ http: 200, status: 'citizen_confirmed' });
      const [row] = await audits(`action=appeal.confirm&target=appeal:${id}`);
      expect(row).toMatchObject({ actor: 'citizen', role: 'citizen' });
      expect(row.ip).toMatch(/127\.0\.0\.1|::1/);
    });

    it('the outbox message commits with the answer, or the answer does not happen', async () => {
      const id = uid('a');
      await post(id, { ...YESIL, category: 'water.supply', citizen: { phone: '+77015550006' } });
      await registered(id);
      await admin.query(`ALTER TABLE citizen_outbox ADD CONSTRAINT refuse_test CHECK (recipient IS DISTINCT FROM '+77015550006')`);
      try {
        const r = await c.send('POST', `/api/appeals/${id}/transitions`, { action: 'answer', text: 'Подача воды восстановлена 24.11.2026 в 16:00.' }, yesilOperator);
        expect(r.http).toBe(500);
      } finally {
        await admin.query(`ALTER TABLE citizen_outbox DROP CONSTRAINT refuse_test`);
      }
      const after = await c.get(`/api/appeals/${id}`);
      expect(after.appeal.status).toBe('assigned');
      expect((await c.db.query(`SELECT 1 FROM confirm_tokens WHERE appeal_id = $1`, [id])).length).toBe(0);
      expect(await audits(`action=appeal.answer&target=appeal:${id}`)).toHaveLength(0);
    });
  });

  it('14. the lifecycle simulation touches only the simulator’s own appeals', async () => {
    const real = uid('a');
    const sim = `sim-${uid('run')}-a-1`;
    await post(real, { ...YESIL, category: 'water.supply' });
    await post(sim, { ...YESIL, category: 'water.supply' });
    await registered(real);
    await registered(sim);
    // both old enough for the simulated executor to take them up
    await c.db.query(`UPDATE appeal_state SET registered_at = now() - INTERVAL '10 minutes' WHERE id = ANY($1)`, [[real, sim]]);
    const [before] = await c.db.query(`SELECT status, rev FROM appeal_state WHERE id = $1`, [real]);
    const stop = simulateLifecycles(c.db, c.appeals, quietLog, 20);
    try {
      const moved = await waitFor(async () => (await c.db.query(`SELECT status FROM appeal_state WHERE id = $1`, [sim]))[0].status !== 'assigned', 15_000);
      expect(moved).toBe(true);
      await new Promise((r) => setTimeout(r, 1000)); // dozens more steps
    } finally {
      stop();
    }
    const [after] = await c.db.query(`SELECT status, rev FROM appeal_state WHERE id = $1`, [real]);
    expect(after).toEqual(before);
    expect(before.status).toBe('assigned');
    // HTTP intake cannot make a real appeal look like the simulator's
    expect(await c.send('POST', '/api/appeals', { ...form, ...YESIL, id: 'sim-x-a-1' }, yesilOperator)).toMatchObject({ http: 400, field: 'id' });
  });

  describe('15. audit', () => {
    const verify = () => c.get('/api/audit/verify');

    it('the chain covers actor, role, action, target, time, ip and entry', async () => {
      await c.send('POST', '/api/appeals', { ...form, ...YESIL }, yesilOperator); // a fresh audited change
      expect(await verify()).toMatchObject({ http: 200, ok: true });
      const [row] = (await admin.query(`SELECT seq FROM audit_log WHERE action = 'appeal.create' AND v = 2 ORDER BY seq DESC LIMIT 1`)).rows;
      expect(row).toBeDefined();
      const seq = Number(row.seq);
      const edits: [string, string][] = [
        ['actor', `'ghost'`],
        ['role', `'admin'`],
        ['action', `'appeal.view'`],
        ['target', `'appeal:other'`],
        ['at', `at - INTERVAL '1 day'`],
        ['ip', `'10.9.9.9'`],
        ['entry', `'{"details":{"forged":true}}'`],
        ['v', `1`],
      ];
      await admin.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      try {
        for (const [col, value] of edits) {
          const [orig] = (await admin.query(`SELECT ${col}::text AS v FROM audit_log WHERE seq = $1`, [seq])).rows; // text keeps microseconds
          await admin.query(`UPDATE audit_log SET ${col} = ${value} WHERE seq = $1`, [seq]);
          expect(await verify(), `edited ${col}`).toMatchObject({ ok: false, brokenAt: seq });
          await admin.query(`UPDATE audit_log SET ${col} = $2 WHERE seq = $1`, [seq, orig.v]);
          expect(await verify(), `restored ${col}`).toMatchObject({ ok: true });
        }
      } finally {
        await admin.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
      }
    });

    it('rows chained before the upgrade (version 1) still verify, and an edit of their columns is still found', async () => {
      const [last] = (await admin.query(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`)).rows;
      const at = new Date().toISOString();
      const entry = JSON.stringify({ at, actor: 'old-admin', role: 'admin', action: 'user.update', target: 'user:1', ip: '10.0.0.1', details: {} });
      const hash = createHash('sha256').update(last.hash + entry, 'utf8').digest('hex');
      await admin.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain');
      let seq: number;
      try {
        const r = await admin.query(
          `INSERT INTO audit_log (seq, v, at, actor, role, action, target, ip, entry, prev_hash, hash)
           VALUES (nextval(pg_get_serial_sequence('audit_log', 'seq')), 1, $1, 'old-admin', 'admin', 'user.update', 'user:1', '10.0.0.1', $2, $3, $4) RETURNING seq`,
          [at, entry, last.hash, hash],
        );
        seq = Number(r.rows[0].seq);
      } finally {
        await admin.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain');
      }
      await c.send('POST', '/api/appeals', { ...form, ...YESIL }, yesilOperator); // a version 2 row after it
      expect(await verify()).toMatchObject({ ok: true });
      await admin.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      try {
        await admin.query(`UPDATE audit_log SET ip = '10.6.6.6' WHERE seq = $1`, [seq]);
        expect(await verify()).toMatchObject({ ok: false, brokenAt: seq });
        await admin.query(`UPDATE audit_log SET ip = '10.0.0.1' WHERE seq = $1`, [seq]);
        expect(await verify()).toMatchObject({ ok: true });
      } finally {
        await admin.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
      }
    });

    it('when the audit row cannot be written, the change does not happen', async () => {
      // failure injection: audit rows of the listed actions are refused
      await admin.query(`CREATE TABLE audit_refuse (action text PRIMARY KEY)`);
      await admin.query(`CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF EXISTS (SELECT 1 FROM audit_refuse WHERE action = NEW.action) THEN RAISE EXCEPTION 'audit refused (test)'; END IF; RETURN NEW; END $$`);
      await admin.query(`CREATE TRIGGER zz_audit_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse()`);
      const refuse = (...actions: string[]) => admin.query(`INSERT INTO audit_refuse SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [actions]);
      try {
        // an appeal transition by a district-scoped operator
        const id = uid('a');
        await post(id, { ...YESIL, category: 'water.supply', citizen: { phone: '+77015550007' } });
        await registered(id);
        const events = async () => (await c.db.query(`SELECT count(*)::int AS n FROM appeal_events WHERE appeal_id = $1`, [id]))[0].n;
        const n0 = await events();
        await refuse('appeal.start', 'appeal.answer', 'appeal.photo', 'appeal.confirm', 'appeal.create');
        expect((await c.send('POST', `/api/appeals/${id}/transitions`, { action: 'start' }, yesilOperator)).http).toBe(500);
        expect((await c.get(`/api/appeals/${id}`)).appeal).toMatchObject({ status: 'assigned', rev: expect.any(Number) });
        expect(await events()).toBe(n0);
        // a photo
        const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1d0a4e40000000049454e44ae426082', 'hex');
        const ph = await fetch(`${c.url}/api/appeals/${id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${yesilOperator}`, 'content-type': 'image/png' }, body: png });
        expect(ph.status).toBe(500);
        expect((await c.db.query(`SELECT 1 FROM appeal_photos WHERE appeal_id = $1`, [id])).length).toBe(0);
        // HTTP intake: not registered while its audit row is refused
        const hid = uid('http');
        const h = await c.send('POST', '/api/appeals', { ...form, ...YESIL, id: hid }, yesilOperator);
        expect(h.http).not.toBe(201);
        expect((await c.db.query(`SELECT 1 FROM appeal_state WHERE id = $1`, [hid])).length).toBe(0);
        // the citizen's confirmation: the link stays unused, the appeal answered
        await admin.query(`DELETE FROM audit_refuse WHERE action = 'appeal.answer'`);
        expect((await c.send('POST', `/api/appeals/${id}/transitions`, { action: 'answer', text: 'Подача воды восстановлена 24.11.2026 в 16:00.' }, yesilOperator)).http).toBe(200);
        const token = (await c.get(`/api/outbox?appeal=${id}`)).items[0].body.match(/\/confirm\/([A-Za-z0-9_-]{20,})/)[1];
        expect((await c.send('POST', `/api/confirm/${token}`, { satisfied: true }, '')).http).toBe(500);
        expect((await c.get(`/api/appeals/${id}`)).appeal.status).toBe('answered');
        expect((await c.db.query(`SELECT used_at FROM confirm_tokens WHERE appeal_id = $1`, [id]))[0].used_at).toBeNull();

        // routing rules
        await refuse('routing.update');
        const rules = await c.db.query(`SELECT category, district, org FROM routing_rules ORDER BY id`);
        expect(rules.length).toBeGreaterThan(0);
        expect((await c.send('PUT', '/api/routing-rules', [{ category: '*', org: 'astana-roads' }])).http).toBe(500);
        expect(await c.db.query(`SELECT category, district, org FROM routing_rules ORDER BY id`)).toEqual(rules);
        // user management
        await refuse('user.create', 'user.update', 'user.delete');
        expect((await c.send('POST', '/api/users', { username: 'ghost.user', password: 'ghost-pass-123', role: 'operator', districts: ['astana-yesil'] })).http).toBe(500);
        expect((await c.db.query(`SELECT 1 FROM users WHERE username = 'ghost.user'`)).length).toBe(0);
        await admin.query(`DELETE FROM audit_refuse WHERE action = 'user.create'`);
        const u = await c.send('POST', '/api/users', { username: 'real.user', password: 'real-pass-123', role: 'operator', districts: ['astana-yesil'] });
        expect(u.http).toBe(201);
        expect((await c.send('PATCH', `/api/users/${u.id}`, { districts: null, role: 'admin' })).http).toBe(500);
        expect((await c.db.query(`SELECT role, districts FROM users WHERE id = $1`, [u.id]))[0]).toEqual({ role: 'operator', districts: ['astana-yesil'] });
        expect((await c.send('DELETE', `/api/users/${u.id}`)).http).toBe(500);
        expect((await c.db.query(`SELECT 1 FROM users WHERE id = $1`, [u.id])).length).toBe(1);
        // wall-screen tokens
        await refuse('wall_token.create', 'wall_token.revoke');
        const wallBefore = (await c.db.query(`SELECT count(*)::int AS n FROM wall_tokens`))[0].n;
        expect((await c.send('POST', '/api/wall-tokens', { name: 'ghost wall' })).http).toBe(500);
        expect((await c.db.query(`SELECT count(*)::int AS n FROM wall_tokens`))[0].n).toBe(wallBefore);
        await admin.query(`DELETE FROM audit_refuse WHERE action = 'wall_token.create'`);
        const w = await c.send('POST', '/api/wall-tokens', { name: 'hall' });
        expect(w.http).toBe(201);
        expect((await c.send('DELETE', `/api/wall-tokens/${w.id}`)).http).toBe(500);
        expect((await c.db.query(`SELECT revoked_at FROM wall_tokens WHERE id = $1`, [w.id]))[0].revoked_at).toBeNull();
        // Open311 API keys
        await refuse('open311_key.create', 'open311_key.revoke');
        const keysBefore = (await c.db.query(`SELECT count(*)::int AS n FROM open311_keys`))[0].n;
        expect((await c.send('POST', '/api/open311-keys', { name: 'ghost key' })).http).toBe(500);
        expect((await c.db.query(`SELECT count(*)::int AS n FROM open311_keys`))[0].n).toBe(keysBefore);
        await admin.query(`DELETE FROM audit_refuse WHERE action = 'open311_key.create'`);
        const k = await c.send('POST', '/api/open311-keys', { name: 'partner' });
        expect(k.http).toBe(201);
        expect((await c.send('DELETE', `/api/open311-keys/${k.id}`)).http).toBe(500);
        expect((await c.db.query(`SELECT revoked_at FROM open311_keys WHERE left(hash, 12) = $1`, [k.id]))[0].revoked_at).toBeNull();
      } finally {
        await admin.query(`DROP TRIGGER zz_audit_refuse ON audit_log`);
        await admin.query(`DELETE FROM audit_refuse`);
      }
      expect(await verify()).toMatchObject({ ok: true });
    });
  });
});
