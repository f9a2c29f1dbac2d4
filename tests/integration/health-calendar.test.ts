// /api/health (public) says when the working-day calendar lacks the current or next year: deadlines there would
// silently ignore Kurban Ait and the decree transfers.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { pgCentre, type TestCentre } from '../helpers/centre';

describe('health: working-day calendar coverage', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await pgCentre();
  });
  afterAll(() => c?.cleanup());
  afterEach(() => vi.useRealTimers());

  it('is ok while the data covers this year and the next', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-02T10:00:00Z') });
    const h = await c.get('/api/health', '');
    expect(h).toMatchObject({ http: 200, calendar: { ok: true, missingYears: [] } });
  });

  it('names the missing year, without failing readiness, once the next year is not covered', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2028-03-01T10:00:00Z') });
    const h = await c.get('/api/health', '');
    expect(h).toMatchObject({ http: 200, status: 'ok', calendar: { ok: false, missingYears: [2029] } });
  });
});
