// The admin's first day in Chromium (issue 12 item 3): sign in, create a district operator, create a wall token
// and open its kiosk link on a "screen", check the audit chain, read a dead letter's reason; then the operator
// made that morning signs in, sees no admin link and gets 403 from the admin API. Screenshots at three sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';
import { publishAll, uid, waitFor } from '../helpers/services';

interface Account { username: string; role: string; districts: string[] | null; organisations: string[]; displayName: string | null; disabled: boolean }

const sizes = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: '390x844', width: 390, height: 844 },
];

describe('admin console in Chromium', () => {
  let c: TestCentre;
  let browser: Browser;
  let page: Page;
  let operatorPassword = '';
  const operator = `op-${uid('').slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  let district = { id: '', name: '' };
  const account = async (username: string): Promise<Account | undefined> => ((await c.get('/api/users')).items as Account[]).find((x) => x.username === username);

  async function shoot(journey: string, locale = 'ru', p = page) {
    for (const s of sizes) {
      await p.setViewportSize({ width: s.width, height: s.height });
      await p.waitForTimeout(150);
      await p.screenshot({ path: `${ARTIFACTS}${journey}-${s.name}-${locale}.png` });
    }
    await p.setViewportSize({ width: 1920, height: 1080 });
  }
  // the page's visible text, checked for message keys that no language has
  const rawKeys = async (p: Page) => ((await p.textContent('main.area')) ?? '').match(/\badmin\.[a-zA-Z]+\.[a-zA-Z_.]+/g) ?? [];

  beforeAll(async () => {
    ({ browser, page } = await openBrowser());
    c = await embeddedCentre({ ADMIN_PASSWORD: 'admin-console-test-1', MQTT_PORT: 27883 });
    // a broken message from a device: a dead letter with its reason
    await publishAll(c.mqttUrl, [{ topic: `${c.prefix}appeals`, payload: JSON.stringify({ id: uid('bad'), ts: new Date().toISOString(), lat: 'fifty-one', lon: 71.4 }) }]);
    await waitFor(async () => (await c.get('/api/dead-letters')).items?.length > 0, 10_000);
    const cfg = await c.get('/api/config');
    const f = cfg.districts.features[0].properties;
    district = { id: f.id, name: f.name_ru };
  });
  afterAll(async () => {
    await browser?.close();
    await c?.cleanup();
  });

  it('signs in as admin and finds the console in the navigation', async () => {
    await page.goto(c.url + '/login');
    await page.fill('input[name="username"]', 'admin');
    await page.fill('input[name="password"]', 'admin-console-test-1');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="nav-admin"]');
    expect(await page.textContent('[data-testid="nav-admin"]')).toBe('Администрирование');
    await page.click('[data-testid="nav-admin"]');
    await page.waitForSelector('[data-testid="users-table"]');
    expect(page.url()).toContain('/admin/users');
    // the bootstrap admin is listed by role name, not the role id
    const row = page.locator('tr[data-user="admin"]');
    expect(await row.textContent()).toContain('Администратор');
    expect(await row.textContent()).toContain('Весь город');
  });

  it('creates a district operator: validation beside the field, districts by name, the password shown once', async () => {
    await page.keyboard.press('n');
    await page.waitForSelector('[data-testid="user-form"][open]');
    await page.fill('#u-username', 'Bad Name');
    await page.fill('#u-password', 'short');
    await page.click('[data-testid="user-save"]');
    // nothing is sent; each field says what is wrong beside it
    expect(await page.textContent('#u-username-err')).toContain('3–40 символов');
    expect(await page.textContent('#u-password-err')).toContain('Не короче 10 символов');
    expect(await page.locator('#u-districts-err').textContent()).toContain('Выберите хотя бы один район');
    expect(await account('Bad Name')).toBeUndefined();
    await page.fill('#u-username', operator);
    await page.click('[data-testid="user-form"] button:has-text("Сгенерировать")');
    // once fixed, the messages go
    expect(await page.locator('#u-username-err').count()).toBe(0);
    expect(await page.locator('#u-password-err').count()).toBe(0);
    await page.fill('#u-display', 'Оператор района, смена 1');
    await page.selectOption('#u-role', 'operator');
    await page.check(`[data-testid="user-form"] input[data-district="${district.id}"]`);
    // organisations are picked by name
    await page.fill('[data-testid="org-search"]', 'Тепло');
    const orgLabel = page.locator('[data-testid="user-form"] .org-list label').first();
    const orgName = (await orgLabel.textContent())!.trim();
    expect(orgName).not.toMatch(/^astana-/);
    await orgLabel.locator('input').check();
    await shoot('admin-user-form');
    await page.click('[data-testid="user-save"]');
    await page.waitForSelector('[data-testid="secret-dialog"][open]');
    operatorPassword = await page.inputValue('[data-testid="secret-value"]');
    expect(operatorPassword).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(await page.textContent('[data-testid="secret-dialog"]')).toContain('Показываем один раз');
    await page.click('[data-testid="secret-close"]');
    const row = page.locator(`tr[data-user="${operator}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(district.name);
    expect(await row.textContent()).toContain('Оператор');
    expect(await row.textContent()).toContain(orgName);
    expect(await row.textContent()).not.toContain(district.id);
    // the server has what the form said
    const u = (await account(operator))!;
    expect(u).toMatchObject({ role: 'operator', districts: [district.id], displayName: 'Оператор района, смена 1', disabled: false });
    expect(u.organisations).toHaveLength(1);
    // search narrows the table
    await page.keyboard.press('/');
    await page.keyboard.type(operator);
    await expect.poll(() => page.locator('[data-testid="users-table"] tbody tr').count()).toBe(1);
    await shoot('admin-users');
    await page.fill('[data-testid="user-search"]', '');
  });

  it('disables and enables the account after a confirmation, and a cancelled confirmation changes nothing', async () => {
    const row = page.locator(`tr[data-user="${operator}"]`);
    await row.locator('[data-testid="user-disable"]').click();
    await page.waitForSelector('[data-testid="confirm-dialog"][open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="confirm-dialog"]:not([open])', { state: 'attached' });
    expect((await account(operator))!.disabled).toBe(false);
    await row.locator('[data-testid="user-disable"]').click();
    await page.click('[data-testid="confirm-yes"]');
    await row.locator('[data-testid="user-enable"]').waitFor();
    expect((await account(operator))!.disabled).toBe(true);
    await row.locator('[data-testid="user-enable"]').click();
    await row.locator('[data-testid="user-disable"]').waitFor();
    expect((await account(operator))!.disabled).toBe(false);
  });

  it('edits the territory by district names, and resets the password (the new one shown once)', async () => {
    const row = page.locator(`tr[data-user="${operator}"]`);
    await row.locator('button:has-text("Изменить")').click();
    await page.waitForSelector('[data-testid="user-form"][open]');
    const second = (await c.get('/api/config')).districts.features[1].properties;
    await page.check(`[data-testid="user-form"] input[data-district="${second.id}"]`);
    await page.click('[data-testid="user-save"]');
    await expect.poll(async () => (await row.textContent()) ?? '').toContain(second.name_ru);
    expect((await account(operator))!.districts).toEqual([district.id, second.id]);
    await row.locator('[data-testid="user-reset"]').click();
    await page.click('[data-testid="confirm-yes"]');
    await page.waitForSelector('[data-testid="secret-dialog"][open]');
    const fresh = await page.inputValue('[data-testid="secret-value"]');
    expect(fresh).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(fresh).not.toBe(operatorPassword);
    operatorPassword = fresh; // the old one no longer works: the operator signs in with this one below
    await page.click('[data-testid="secret-close"]');
  });

  it('creates a wall token, shows its kiosk link once and the link opens the wall on a fresh screen', async () => {
    await page.keyboard.press('2');
    await page.waitForSelector('[data-testid="admin-wall-tokens"]');
    await page.waitForSelector('[data-testid="empty"]');
    expect(await page.textContent('[data-testid="empty"]')).toContain('Токенов видеостен ещё нет');
    await page.click('[data-testid="wall-create"]'); // no name
    expect(await page.textContent('#w-name-err')).toContain('Заполните это поле');
    await page.fill('#w-name', 'Зал, экран 1');
    await page.click('[data-testid="wall-create"]');
    await page.waitForSelector('[data-testid="secret-dialog"][open]');
    const link = await page.inputValue('[data-testid="secret-value"]');
    expect(link).toMatch(new RegExp(`^${c.url.replace(/[.]/g, '\\.')}/\\?token=`));
    await shoot('admin-wall-token');
    await page.click('[data-testid="secret-close"]');
    const row = page.locator('tr[data-token="Зал, экран 1"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Весь город');
    expect(await row.textContent()).toContain('Действует');
    // the screen: another browser profile, nobody signed in
    const screen = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wall = await screen.newPage();
    await wall.goto(link);
    await wall.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 15_000 });
    expect(new URL(wall.url()).searchParams.has('token')).toBe(false);
    expect(await wall.locator('[data-testid="nav-admin"]').count()).toBe(0);
    await screen.close();
    // revoked after a confirmation: gone from the list of active tokens, kept with "show revoked"
    await row.locator('[data-testid="wall-revoke"]').click();
    await page.click('[data-testid="confirm-yes"]');
    await page.waitForSelector('[data-testid="admin-wall-tokens"] [data-testid="empty"]');
    expect((await c.get('/api/wall-tokens')).items[0].revoked_at).not.toBeNull();
    expect(await page.textContent('[data-testid="empty"]')).toContain('Действующих токенов нет');
    await page.check('[data-testid="admin-wall-tokens"] .check input');
    expect(await page.textContent('tr[data-token="Зал, экран 1"]')).toContain('Отозван');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // number keys go to the menu again
  });

  it('issues an Open311 key shown once, and revokes it after a confirmation', async () => {
    await page.keyboard.press('3');
    await page.waitForSelector('[data-testid="admin-open311"] [data-testid="empty"]');
    await page.fill('#k-name', 'Портал eOtinish');
    await page.click('[data-testid="key-create"]');
    await page.waitForSelector('[data-testid="secret-dialog"][open]');
    const key = await page.inputValue('[data-testid="secret-value"]');
    // the key works for Open311 intake's check, and the list never shows it
    expect(await c.open311Keys.check(key)).toBe('Портал eOtinish');
    await shoot('admin-open311');
    await page.click('[data-testid="secret-close"]');
    await page.waitForSelector('[data-testid="keys-table"]');
    expect(await page.textContent('[data-testid="keys-table"]')).not.toContain(key);
    await page.click('[data-testid="key-revoke"]');
    await page.click('[data-testid="confirm-yes"]');
    await expect.poll(() => page.textContent('[data-testid="keys-table"]')).toContain('Отозван');
    expect((await c.get('/api/open311-keys')).items[0].revoked_at).not.toBeNull();
  });

  it('lists the messages to citizens read-only', async () => {
    // its next try an hour away: the demo sender (every 5 s) leaves it waiting
    await c.db.query(`INSERT INTO citizen_outbox (appeal_id, channel, recipient, body, next_attempt_at) VALUES ('http-outbox-1', 'sms', '+77010000000', 'Ответ на обращение AST-2026-0000001 готов.', now() + interval '1 hour')`);
    await page.keyboard.press('6');
    await page.waitForSelector('[data-testid="outbox-table"]');
    const row = page.locator('[data-testid="outbox-table"] tbody tr').first();
    expect(await row.textContent()).toContain('AST-2026-0000001');
    expect(await row.textContent()).toContain('SMS');
    expect(await row.textContent()).toContain('ждёт отправки');
    expect(await page.locator('[data-testid="admin-outbox"] button:has-text("Отправить")').count()).toBe(0);
    await shoot('admin-outbox');
  });

  it('checks the audit chain with a clear result, and filters the log', async () => {
    await page.keyboard.press('4');
    await page.waitForSelector('[data-testid="audit-table"]');
    const text = (await page.textContent('[data-testid="audit-table"]')) ?? '';
    expect(text).toContain('Создан пользователь');
    expect(text).toContain('Создан токен видеостены');
    // targets and details by name: the account, the wall token, the district
    expect(text).toContain(`Пользователи: ${operator}`);
    expect(text).toContain('Видеостены: Зал, экран 1');
    expect(text).toContain('Отозван токен видеостены');
    const created = page.locator('[data-testid="audit-table"] tbody tr[data-action="user.create"]');
    expect(await created.textContent()).toContain(`районы: ${district.name}`);
    expect(text).not.toContain(district.id);
    await page.click('[data-testid="audit-verify"]');
    await page.waitForSelector('[data-testid="audit-chain"]');
    expect(await page.getAttribute('[data-testid="audit-chain"]', 'data-ok')).toBe('true');
    const verdict = (await page.textContent('[data-testid="audit-chain"]')) ?? '';
    const n = Number(/проверено записей — (\d+)/.exec(verdict)?.[1]);
    expect(n).toBe((await c.get('/api/audit/verify')).rows);
    expect(n).toBeGreaterThanOrEqual(4);
    // only wall-token rows
    await page.selectOption('[data-testid="audit-action"]', 'wall_token.');
    await page.click('[data-testid="audit-apply"]');
    await expect.poll(() => page.locator('[data-testid="audit-table"] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid="audit-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(['wall_token.revoke', 'wall_token.create']);
    await page.selectOption('[data-testid="audit-action"]', '');
    await page.click('[data-testid="audit-apply"]');
    await page.locator('[data-testid="audit-table"] tbody tr').nth(2).waitFor();
    await shoot('admin-audit');
  });

  it("shows a dead letter's reason, and filters by stream", async () => {
    await page.keyboard.press('5');
    await page.waitForSelector('[data-testid="dead-table"]');
    const cell = page.locator('[data-testid="dead-reason"]').first();
    const stored = (await c.get('/api/dead-letters')).items[0];
    expect(await cell.getAttribute('title')).toBe(stored.reason);
    // one line per failed field
    expect(await cell.locator('li').count()).toBe(stored.reason.split('; ').length);
    expect(await cell.textContent()).toMatch(/lat: /);
    expect(await page.locator('[data-testid="dead-table"] tbody tr[data-dead]').first().textContent()).toContain('Обращения');
    await shoot('admin-dead-letters');
    await page.selectOption('[data-testid="dead-stream"]', 'gps');
    await page.waitForSelector('[data-testid="empty"]');
    expect(await page.textContent('[data-testid="empty"]')).toContain('В этом потоке отклонённых сообщений нет');
    await page.selectOption('[data-testid="dead-stream"]', 'appeals');
    await page.waitForSelector('[data-testid="dead-table"]');
  });

  it('walks every area in kk and en without a raw message key, and pictures them', async () => {
    const areas = ['users', 'wall-tokens', 'open311-keys', 'audit', 'dead-letters', 'outbox', 'routing', 'organisations'];
    for (const locale of ['kk', 'en']) {
      await page.selectOption('[data-testid="language"]', locale);
      for (const a of areas) {
        await page.goto(`${c.url}/admin/${a}`);
        await page.waitForSelector('main.area section.page');
        await page.waitForFunction(() => !document.querySelector('[data-testid="loading"]'));
        expect({ area: a, locale, keys: await rawKeys(page) }).toEqual({ area: a, locale, keys: [] });
        expect(await page.locator('[data-testid="load-error"]').count()).toBe(0);
      }
      await shoot('admin-routing', locale);
      await page.goto(`${c.url}/admin/users`);
      await page.waitForSelector('[data-testid="users-table"]');
      expect(await page.textContent(`tr[data-user="${operator}"]`)).toContain(locale === 'en' ? 'Operator' : 'Оператор');
      await shoot('admin-users', locale);
    }
    expect(await page.textContent('[data-testid="admin-menu"]')).toContain('Audit log');
    await page.selectOption('[data-testid="language"]', 'ru');
  });

  it('says when a list cannot be loaded, in words, and loads it on retry', async () => {
    const list = (u: URL) => u.pathname === '/api/wall-tokens';
    await page.route(list, (r) => r.abort('connectionrefused'));
    await page.goto(`${c.url}/admin/wall-tokens`);
    await page.waitForSelector('[data-testid="load-error"]');
    expect((await page.textContent('[data-testid="load-error"]'))?.toLowerCase()).toContain('нет связи с сервером');
    await page.screenshot({ path: `${ARTIFACTS}admin-error-1920x1080-ru.png` });
    await page.unroute(list);
    await page.click('[data-testid="load-error"] button');
    await page.waitForSelector('[data-testid="empty"]'); // the one token is revoked
    expect(await page.textContent('[data-testid="empty"]')).toContain('Действующих токенов нет');
    expect(await page.locator('[data-testid="load-error"]').count()).toBe(0);
  });

  it('the new operator signs in, sees no admin link, is sent away from /admin and gets 403 from the admin API', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const p = await ctx.newPage();
    await p.goto(c.url + '/login');
    await p.fill('input[name="username"]', operator);
    await p.fill('input[name="password"]', operatorPassword);
    await p.click('button[type="submit"]');
    await p.waitForSelector('a[href="/appeals"]');
    expect(await p.locator('[data-testid="nav-admin"]').count()).toBe(0);
    await p.goto(c.url + '/admin/users');
    await p.waitForURL((u) => !u.pathname.startsWith('/admin'));
    expect(await p.locator('[data-testid="admin-users"]').count()).toBe(0);
    const statuses = await p.evaluate(async () => {
      const token = JSON.parse(localStorage.getItem('sc.session')!).token;
      const get = (path: string) => fetch(path, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      return { me: await get('/api/auth/me'), users: await get('/api/users'), audit: await get('/api/audit'), wall: await get('/api/wall-tokens'), dead: await get('/api/dead-letters') };
    });
    expect(statuses).toEqual({ me: 200, users: 403, audit: 403, wall: 403, dead: 403 });
    await ctx.close();
  });
});
