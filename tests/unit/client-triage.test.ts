// The triage queue's client side (issue 12 item 1): the roles shown the "Триаж" tab are the server's
// `appeals:triage` grants, the queue's views and their queries, and every message in ru, kk and en.
import { describe, expect, it } from 'vitest';
import { grants, roles } from '../../server/access/roles';
import { TRIAGE_ROLES, viewFrom, viewQuery } from '../../client/src/triage/views';
import messages from '../../client/src/triage/messages';

describe('triage on the client', () => {
  it('shows the triage tab to exactly the roles the server lets triage', () => {
    const server = roles.filter((r) => grants[r].includes('appeals:triage'));
    expect(server.length).toBeGreaterThan(0);
    expect([...TRIAGE_ROLES].sort()).toEqual([...server].sort());
    // the supervisors of the centre are among them; a dispatcher and a wall screen are not
    expect(TRIAGE_ROLES).toContain('centre_head');
    expect(TRIAGE_ROLES).not.toContain('dispatcher');
    expect(TRIAGE_ROLES).not.toContain('wall_screen');
  });

  it('gives a view only to who may have it, and its query', () => {
    const all = { write: true, triage: true };
    expect(viewFrom('triage', all)).toBe('triage');
    expect(viewFrom('mine', all)).toBe('mine');
    expect(viewFrom('triage', { write: true, triage: false })).toBe('all');
    expect(viewFrom('mine', { write: false, triage: false })).toBe('all');
    expect(viewFrom(undefined, all)).toBe('all');
    expect(viewFrom(['triage'], all)).toBe('all');
    expect(viewQuery('triage')).toEqual({ triage: '1' });
    expect(viewQuery('mine')).toEqual({ mine: '1' });
    expect(viewQuery('all')).toEqual({});
  });

  it('has every message in ru, kk and en, and Kazakh is not Russian copied', () => {
    const flat = (o: object, p = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v as object, `${p}${k}.`)));
    const ru = flat(messages.ru);
    const kk = new Map(flat(messages.kk));
    const en = new Map(flat(messages.en));
    expect(ru.length).toBeGreaterThan(15);
    for (const [k, v] of ru) {
      expect(kk.get(k), `kk ${k}`).toBeTruthy();
      expect(en.get(k), `en ${k}`).toBeTruthy();
      // the same placeholders in every language
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(ph(kk.get(k)!), `kk ${k}`).toEqual(ph(v));
      expect(ph(en.get(k)!), `en ${k}`).toEqual(ph(v));
      // no Cyrillic in English; Kazakh differs from Russian (a proper noun like "Триаж" may be shared)
      expect(en.get(k), `en ${k}`).not.toMatch(/[а-яё]/i);
      if (k !== 'triage') expect(kk.get(k), `kk ${k}`).not.toBe(v);
    }
    expect(kk.size).toBe(ru.length);
    expect(en.size).toBe(ru.length);
  });
});
