// The admin console's routing helpers: the categories a rule may name, the checks beside each field (the server
// makes them again), the filter, and the organisations as a tree with the parents each may take.
import { describe, expect, it } from 'vitest';
import { checkRule, orgIdOk, orgTree, ruleCategories, ruleMatches, ruleSphere, selfAndDescendants, suggestOrgId } from '../../client/src/admin/routing';

const known = { districts: ['astana-yesil', 'astana-nura'], orgs: ['astana-roads', 'astana-gas'] };
const rules = [
  { id: 1, category: 'roads.*', district: null, org: 'astana-roads' },
  { id: 2, category: 'roads.repair', district: 'astana-yesil', org: 'astana-gas' },
];

describe('routing rules in the console', () => {
  it('offers any category, each sphere as a whole and each taxonomy category, and nothing else', () => {
    const ids = ruleCategories().map((c) => c.id);
    expect(ids[0]).toBe('*');
    expect(ids).toContain('roads.*');
    expect(ids).toContain('roads.repair');
    expect(ids).toContain('snow.roof'); // a category whose prefix is not its sphere
    expect(ids).not.toContain('roads.pothole');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ruleSphere('snow.roof')).toBe('snow_flood');
    expect(ruleSphere('roads.*')).toBe('roads');
    expect(ruleSphere('*')).toBeNull();
  });

  it('checks each field and finds a duplicate of category and district', () => {
    expect(checkRule({ category: 'roads.repair', district: 'astana-nura', org: 'astana-roads' }, known, rules)).toEqual({});
    expect(checkRule({ category: 'roads.pothole', district: null, org: 'astana-roads' }, known, rules)).toEqual({ category: 'unknownCategory' });
    expect(checkRule({ category: '', district: 'almaty-medeu', org: '' }, known, rules)).toEqual({ category: 'required', district: 'unknownDistrict', org: 'required' });
    expect(checkRule({ category: 'roads.*', district: null, org: 'nobody' }, known, rules)).toEqual({ org: 'unknownOrg', district: 'duplicate' });
    expect(checkRule({ category: 'roads.repair', district: 'astana-yesil', org: 'district' }, known, rules)).toEqual({ district: 'duplicate' });
    // the rule itself is not its own duplicate
    expect(checkRule({ category: 'roads.repair', district: 'astana-yesil', org: 'district' }, known, rules, 2)).toEqual({});
  });

  it('filters by sphere and district (a district shows its rules and the city-wide ones)', () => {
    const all = [...rules, { id: 3, category: '*', district: null, org: 'astana-gas' }, { id: 4, category: 'gas.*', district: 'astana-nura', org: 'astana-gas' }];
    const ids = (f: { sphere: string; district: string }) => all.filter((r) => ruleMatches(r, f)).map((r) => r.id);
    expect(ids({ sphere: '', district: '' })).toEqual([1, 2, 3, 4]);
    expect(ids({ sphere: 'roads', district: '' })).toEqual([1, 2, 3]);
    expect(ids({ sphere: '', district: 'astana-nura' })).toEqual([1, 3, 4]);
    expect(ids({ sphere: '', district: 'city' })).toEqual([1, 3]);
    expect(ids({ sphere: 'gas', district: 'astana-yesil' })).toEqual([3]);
  });
});

describe('organisations in the console', () => {
  const orgs = [
    { id: 'city', parent: 'nation', name: 'Akimat' },
    { id: 'b-dept', parent: 'city', name: 'Beta department' },
    { id: 'a-dept', parent: 'city', name: 'Alpha department' },
    { id: 'utility', parent: 'b-dept', name: 'Utility' },
    { id: 'nation', parent: null, name: 'Administration' },
    { id: 'orphan', parent: 'gone', name: 'Orphan' },
  ];
  it('lists them as a tree: children under their parent, by name, with depth', () => {
    const t = orgTree(orgs, (o) => o.name);
    expect(t.map((o) => `${o.depth}:${o.id}`)).toEqual(['0:nation', '1:city', '2:a-dept', '2:b-dept', '3:utility', '0:orphan']);
  });
  it('never offers an organisation itself or its units as its parent', () => {
    expect([...selfAndDescendants(orgs, 'city')].sort()).toEqual(['a-dept', 'b-dept', 'city', 'utility']);
    expect([...selfAndDescendants(orgs, 'utility')]).toEqual(['utility']);
  });
  it('identifiers: a slug, suggested from the English name', () => {
    expect(suggestOrgId('Astana Parks (city utility)')).toBe('astana-parks-city-utility');
    expect(orgIdOk('astana-parks')).toBe(true);
    for (const bad of ['Astana', 'a', 'a--b', '-a', 'district', 'парк']) expect(orgIdOk(bad)).toBe(false);
  });
});
