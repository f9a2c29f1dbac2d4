// The admin sets up routing in Chromium (issue 12 item 3): adds a rule with checks beside the fields, changes its
// executor in the row, sees each change in the audit log as a diff in words, deletes the rule after a
// confirmation; renames an organisation and adds one under another, never under its own units. Names, not ids,
// in ru, kk and en; screenshots at three sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, openBrowser } from '../helpers/browser';
import { embeddedCentre, type TestCentre } from '../helpers/centre';

const sizes = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: '390x844', width: 390, height: 844 },
];
interface Rule { id: number; category: string; district: string | null; org: string }

describe('routing rules and organisations in the admin console', () => {
  let c: TestCentre;
  let browser: Browser;
  let page: Page;
  let district = { id: '', name: '' };
  const rules = async (): Promise<Rule[]> => (await c.get('/api/routing-rules')).rules;
  const rawKeys = async () => ((await page.textContent('main.area')) ?? '').match(/\badmin\.[a-zA-Z]+\.[a-zA-Z_.]+/g) ?? [];
  const ids = /\b(astana-(lighting|gas|roads|energy-housing|akimat)|roads\.repair|akimat-[a-z]+)\b/;

  async function shoot(journey: string, locale = 'ru') {
    for (const s of sizes) {
      await page.setViewportSize({ width: s.width, height: s.height });
      await page.waitForTimeout(150);
      await page.screenshot({ path: `${ARTIFACTS}${journey}-${s.name}-${locale}.png` });
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
  }

  beforeAll(async () => {
    ({ browser, page } = await openBrowser());
    c = await embeddedCentre({ ADMIN_PASSWORD: 'admin-routing-test-1', MQTT_PORT: 26893 });
    const f = (await c.get('/api/config')).districts.features[0].properties;
    district = { id: f.id, name: f.name_ru };
    await page.goto(c.url + '/login');
    await page.fill('input[name="username"]', 'admin');
    await page.fill('input[name="password"]', 'admin-routing-test-1');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="nav-admin"]');
  });
  afterAll(async () => {
    await browser?.close();
    await c?.cleanup();
  });

  it('adds a rule: each field checked beside it, a duplicate refused, names in the table', async () => {
    await page.goto(`${c.url}/admin/routing`);
    await page.waitForSelector('[data-testid="rules-table"]');
    const before = await rules();
    expect(await page.locator('[data-testid="rules-table"] tbody tr').count()).toBe(before.length);
    const table = (await page.textContent('[data-testid="rules-table"]')) ?? '';
    expect(table).toContain('ГКП «Астана жол»');
    expect(table).not.toMatch(ids);

    await page.keyboard.press('n');
    await page.waitForSelector('[data-testid="rule-form"]');
    await page.click('[data-testid="rule-save"]');
    expect(await page.textContent('#r-category-err')).toBe('Выберите значение');
    expect(await page.textContent('#r-org-err')).toBe('Выберите значение');
    await page.selectOption('#r-category', 'roads.*');
    await page.selectOption('#r-org', 'astana-lighting');
    // roads.* for the whole city exists: said beside the district, nothing sent
    await page.click('[data-testid="rule-save"]');
    expect(await page.textContent('#r-district-err')).toBe('Для этой категории и района правило уже есть');
    expect((await rules()).length).toBe(before.length);
    await page.selectOption('#r-category', 'roads.repair');
    await page.selectOption('#r-district', district.id);
    expect(await page.locator('#r-district-err').count()).toBe(0);
    await shoot('admin-routing-add');
    await page.click('[data-testid="rule-save"]');
    await page.waitForSelector('[data-testid="rule-form"]', { state: 'detached' });
    expect(await page.textContent('[data-testid="routing-notice"]')).toBe('Правило добавлено');
    const added = (await rules()).find((r) => r.category === 'roads.repair' && r.district === district.id);
    expect(added).toMatchObject({ org: 'astana-lighting' });
    const row = page.locator(`tr[data-rule="${added!.id}"]`);
    expect(await row.locator('td').first().textContent()).toBe('Ремонт дорожного полотна / ямы');
    expect(await row.locator('[data-testid="rule-district"] option:checked').textContent()).toBe(district.name);
    expect(await row.locator('[data-testid="rule-org"] option:checked').textContent()).toBe('ТОО «Астана жарык»');
    // the router took it at once
    expect(c.registry.router.route('roads.repair', district.id).org).toBe('astana-lighting');
  });

  it('changes the executor in the row, filters, and refuses a district that would duplicate a rule', async () => {
    const added = (await rules()).find((r) => r.category === 'roads.repair')!;
    const row = page.locator(`tr[data-rule="${added.id}"]`);
    await row.locator('[data-testid="rule-org"]').selectOption('astana-gas');
    await expect.poll(async () => (await rules()).find((r) => r.id === added.id)?.org).toBe('astana-gas');
    await expect.poll(() => page.textContent('[data-testid="routing-notice"]')).toBe('Сохранено');
    // the filter: roads only, then this district only
    await page.selectOption('[data-testid="rule-filter-sphere"]', 'roads');
    const cats = await page.locator('[data-testid="rules-table"] tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-category')));
    expect(cats.sort()).toEqual(['*', 'roads.*', 'roads.repair']);
    await page.selectOption('[data-testid="rule-filter-district"]', 'city');
    expect(await page.locator(`tr[data-rule="${added.id}"]`).count()).toBe(0);
    await page.selectOption('[data-testid="rule-filter-district"]', district.id);
    expect(await page.locator(`tr[data-rule="${added.id}"]`).count()).toBe(1);
    await shoot('admin-routing-rules');
    await page.selectOption('[data-testid="rule-filter-sphere"]', '');
    await page.selectOption('[data-testid="rule-filter-district"]', '');
    // a city-wide roads.* rule moved into the district of the new rule would not clash, but roads.repair → city-wide
    // would be fine too; make a clash: another roads.repair rule for a second district, then move it onto ours
    const other = (await c.get('/api/config')).districts.features[1].properties.id as string;
    const second = await c.send('POST', '/api/routing-rules', { category: 'roads.repair', district: other, org: 'astana-roads' });
    expect(second.http).toBe(201);
    await page.reload();
    await page.waitForSelector(`tr[data-rule="${second.id}"]`);
    await page.locator(`tr[data-rule="${second.id}"] [data-testid="rule-district"]`).selectOption(district.id);
    expect(await page.textContent(`tr[data-rule="${second.id}"] .field-error`)).toBe('Для этой категории и района правило уже есть');
    expect((await rules()).find((r) => r.id === second.id)?.district).toBe(other);
    expect((await c.send('DELETE', `/api/routing-rules/${second.id}`)).http).toBe(204);
  });

  it('the audit log shows each change as a diff in words', async () => {
    await page.goto(`${c.url}/admin/audit`);
    await page.waitForSelector('[data-testid="audit-table"]');
    await page.selectOption('[data-testid="audit-action"]', 'routing.');
    await page.click('[data-testid="audit-apply"]');
    await expect.poll(() => page.locator('[data-testid="audit-table"] tbody tr').count()).toBe(4);
    const create = page.locator('[data-testid="audit-table"] tbody tr[data-action="routing.rule.create"]').last();
    const createText = (await create.textContent()) ?? '';
    expect(createText).toContain('Добавлено правило маршрутизации');
    expect(createText).toContain(`+ Ремонт дорожного полотна / ямы · ${district.name} → ТОО «Астана жарык»`);
    const update = page.locator('[data-testid="audit-table"] tbody tr[data-action="routing.rule.update"]');
    expect(await update.locator('td.details').textContent()).toBe(`Ремонт дорожного полотна / ямы · ${district.name} → ТОО «Астана жарык»: исполнитель: ТОО «Астана жарык» → Филиал АО «QazaqGaz Aimaq» по г. Астане`);
    expect(await page.textContent('[data-testid="audit-table"]')).not.toMatch(ids);
    await shoot('admin-routing-audit');
  });

  it('deletes the rule after a confirmation', async () => {
    await page.goto(`${c.url}/admin/routing`);
    const added = (await rules()).find((r) => r.category === 'roads.repair')!;
    const row = page.locator(`tr[data-rule="${added.id}"]`);
    await row.locator('[data-testid="rule-delete"]').click();
    await page.waitForSelector('[data-testid="confirm-dialog"][open]');
    expect(await page.textContent('[data-testid="confirm-dialog"] p')).toContain(`«Ремонт дорожного полотна / ямы» (${district.name})`);
    // Esc keeps it
    await page.keyboard.press('Escape');
    expect(await row.count()).toBe(1);
    await row.locator('[data-testid="rule-delete"]').click();
    await page.click('[data-testid="confirm-yes"]');
    await row.waitFor({ state: 'detached' });
    expect((await rules()).find((r) => r.id === added.id)).toBeUndefined();
    expect(c.registry.router.route('roads.repair', district.id).org).toBe('astana-roads');
  });

  it('renames an organisation and adds one; a parent is never the organisation itself or one of its units', async () => {
    await page.goto(`${c.url}/admin/organisations`);
    await page.waitForSelector('[data-testid="orgs-table"]');
    expect(await page.locator('[data-testid="orgs-table"] tbody tr').count()).toBe(24);
    // a tree: the district akimat under the city akimat under the Presidential Administration
    expect(await page.getAttribute('tr[data-org="pa-appeals-control"]', 'data-depth')).toBe('0');
    expect(await page.getAttribute('tr[data-org="astana-akimat"]', 'data-depth')).toBe('1');
    expect(await page.getAttribute('tr[data-org="astana-gas"]', 'data-depth')).toBe('3');
    await shoot('admin-organisations');

    // rename
    await page.click('tr[data-org="astana-gas"] [data-testid="org-edit"]');
    await page.waitForSelector('[data-testid="org-form"][open]');
    await page.fill('#o-name_ru', 'АО «QazaqGaz Aimaq», Астана');
    await page.click('[data-testid="org-save"]');
    await page.waitForSelector('[data-testid="org-form"]:not([open])', { state: 'attached' });
    await expect.poll(() => page.textContent('tr[data-org="astana-gas"] td')).toContain('АО «QazaqGaz Aimaq», Астана');
    const gas = (await c.get('/api/organisations')).items.find((o: { id: string }) => o.id === 'astana-gas');
    expect(gas).toMatchObject({ name_ru: 'АО «QazaqGaz Aimaq», Астана', updated_by: 'admin' });
    expect((await c.get('/api/audit?action=organisation.update')).items[0].details).toEqual({ before: { name_ru: 'Филиал АО «QazaqGaz Aimaq» по г. Астане' }, after: { name_ru: 'АО «QazaqGaz Aimaq», Астана' } });

    // the city akimat cannot go under its own department
    await page.click('tr[data-org="astana-akimat"] [data-testid="org-edit"]');
    await page.waitForSelector('[data-testid="org-form"][open]');
    const offered = await page.locator('#o-parent option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('pa-appeals-control');
    for (const own of ['astana-akimat', 'astana-energy-housing', 'astana-gas', 'akimat-yesil']) expect(offered).not.toContain(own);
    await page.keyboard.press('Escape');

    // add one under the energy and housing department
    await page.click('[data-testid="org-add"]');
    await page.waitForSelector('[data-testid="org-form"][open]');
    await page.click('[data-testid="org-save"]');
    expect(await page.textContent('#o-name_kk-err')).toBe('Заполните это поле');
    await page.fill('#o-name_ru', 'ГКП «Астана парки»');
    await page.fill('#o-name_kk', '«Астана саябақтары» МКК');
    await page.fill('#o-name_en', 'Astana Parks');
    expect(await page.inputValue('#o-id')).toBe('astana-parks');
    // the errors go as the fields are filled
    expect(await page.locator('[data-testid="org-form"] .field-error').count()).toBe(0);
    await page.selectOption('#o-parent', 'astana-energy-housing');
    await page.selectOption('#o-kind', 'utility');
    await shoot('admin-organisations-add');
    await page.click('[data-testid="org-save"]');
    await page.waitForSelector('tr[data-org="astana-parks"]');
    expect(await page.getAttribute('tr[data-org="astana-parks"]', 'data-depth')).toBe('3');
    expect(await page.textContent('[data-testid="orgs-notice"]')).toBe('Организация «ГКП «Астана парки»» добавлена');
    // the routing view offers it at once, by name
    await page.goto(`${c.url}/admin/routing`);
    await page.waitForSelector('[data-testid="rules-table"]');
    expect(await page.locator('[data-testid="rule-org"] >> nth=0').locator('option', { hasText: 'ГКП «Астана парки»' }).count()).toBe(1);
  });

  it('walks both pages in kk and en without a raw key or an id', async () => {
    for (const locale of ['kk', 'en']) {
      await page.selectOption('[data-testid="language"]', locale);
      for (const a of ['routing', 'organisations']) {
        await page.goto(`${c.url}/admin/${a}`);
        await page.waitForSelector('main.area table');
        expect({ a, locale, keys: await rawKeys() }).toEqual({ a, locale, keys: [] });
        expect(await page.textContent('main.area')).not.toMatch(ids);
        await shoot(`admin-${a === 'routing' ? 'routing-rules' : a}`, locale);
      }
      const menu = (await page.textContent('[data-testid="admin-menu"]')) ?? '';
      expect(menu).toContain(locale === 'en' ? 'Organisations' : 'Ұйымдар');
    }
    // the Kazakh name of the new organisation is shown in kk
    await page.selectOption('[data-testid="language"]', 'kk');
    await page.goto(`${c.url}/admin/organisations`);
    await page.waitForSelector('tr[data-org="astana-parks"]');
    expect(await page.textContent('tr[data-org="astana-parks"] td')).toContain('«Астана саябақтары» МКК');
    await page.selectOption('[data-testid="language"]', 'ru');
  });
});
