// The working pages' own logic (issue 12, items 5, 7, 11): coordinates as people type them, the district from a
// point, "N new — show" counting, page-aware help, the category chart's rows, and their messages in ru/kk/en.
import { describe, expect, it } from 'vitest';
import { districtAtPoint, formatCoord, parseDecimal, parsePair, readPoint, type DistrictShape } from '../../client/src/work/coords';
import { CheckGate, newArrivals } from '../../client/src/work/arrivals';
import { helpKeys, helpPages, isHelpPage } from '../../client/src/work/help';
import { rowsThatFit } from '../../client/src/wall/panels/categories';
import messages from '../../client/src/work/messages';
import { cities, districtAt } from '../../maps/districts';

describe('coordinates as typed', () => {
  it('takes a decimal comma and a decimal point alike', () => {
    expect(parseDecimal('51,128')).toBe(51.128);
    expect(parseDecimal('51.128')).toBe(51.128);
    expect(parseDecimal(' 71,43 ')).toBe(71.43);
    expect(parseDecimal('−12,5')).toBe(-12.5); // a typographic minus
    expect(parseDecimal('+51')).toBe(51);
    expect(parseDecimal('.5')).toBe(0.5);
  });
  it('refuses what is not one number', () => {
    for (const s of ['', 'abc', '51,128,5', '51.1.2', '1e3', '51,128 71,43', '--1']) expect(parseDecimal(s), s).toBeNull();
  });
  it('splits a pasted pair in any of the usual forms', () => {
    expect(parsePair('51.128, 71.43')).toEqual([51.128, 71.43]);
    expect(parsePair('51,128, 71,43')).toEqual([51.128, 71.43]);
    expect(parsePair('51,128 71,43')).toEqual([51.128, 71.43]);
    expect(parsePair('51,128;71,43')).toEqual([51.128, 71.43]);
    expect(parsePair('51.128,71.43')).toEqual([51.128, 71.43]);
    expect(parsePair('51,128,71,43')).toEqual([51.128, 71.43]);
    expect(parsePair('51,128')).toBeNull();
    expect(parsePair('a b')).toBeNull();
  });
  it('reads the two fields together: the point, or an error on the field at fault', () => {
    expect(readPoint('51,128', '71,43')).toEqual({ point: { lat: 51.128, lon: 71.43 }, errors: {} });
    expect(readPoint('', '')).toEqual({ point: null, errors: {} });
    expect(readPoint('51,128', '')).toEqual({ point: null, errors: { lon: 'pair' } });
    expect(readPoint('', '71.43')).toEqual({ point: null, errors: { lat: 'pair' } });
    expect(readPoint('x', '71.43')).toEqual({ point: null, errors: { lat: 'number' } });
    expect(readPoint('91', '71.43')).toEqual({ point: null, errors: { lat: 'latRange' } });
    expect(readPoint('51', '181')).toEqual({ point: null, errors: { lon: 'lonRange' } });
    expect(readPoint('51', 'y')).toEqual({ point: null, errors: { lon: 'number' } });
  });
  it('writes a picked point back with at most six decimals', () => {
    expect(formatCoord(51.12812345678)).toBe('51.128123');
    expect(formatCoord(71.43)).toBe('71.43');
  });
});

describe('the district of a point', () => {
  const astana = cities.astana.districts.features as unknown as DistrictShape[];
  it('finds the polygon that holds the point, and none outside the city', () => {
    expect(districtAtPoint(astana, 51.128, 71.43)).toBe('astana-yesil'); // the left bank, south of the Esil
    expect(districtAtPoint(astana, 51.17, 71.42)).toBe('astana-saryarka');
    expect(districtAtPoint(astana, 51.5, 72.5)).toBeNull();
    expect(districtAtPoint([{ properties: { id: 'no-shape' } }], 51.128, 71.43)).toBeNull();
  });
  it('agrees with the server on a grid over the city', () => {
    let inside = 0;
    for (let lat = 51.0; lat <= 51.3; lat += 0.013)
      for (let lon = 71.2; lon <= 71.7; lon += 0.017) {
        const mine = districtAtPoint(astana, lat, lon);
        if (mine) inside++;
        expect(mine, `${lat},${lon}`).toBe(districtAt(lat, lon));
      }
    expect(inside).toBeGreaterThan(100); // the grid really covers the districts
  });
});

describe('"N new — show"', () => {
  it('counts what the fresh first page has and the list does not', () => {
    const fresh = [{ id: 'c' }, { id: 'b' }, { id: 'a' }];
    expect(newArrivals(fresh, ['a'], false)).toEqual({ n: 2, more: false });
    expect(newArrivals(fresh, ['a', 'b', 'c'], true)).toEqual({ n: 0, more: false });
    expect(newArrivals(fresh, [], true)).toEqual({ n: 3, more: true });
  });
  it('checks at most once per gap, and never two at once', () => {
    const g = new CheckGate(3000);
    expect(g.enter(10_000)).toBe(true);
    expect(g.enter(20_000)).toBe(false); // the first one is still under way
    g.leave();
    expect(g.enter(12_000)).toBe(false); // too soon after it started
    expect(g.enter(13_000)).toBe(true);
  });
});

describe('help on every page', () => {
  it('gives each page its own keys, and ? and Esc everywhere', () => {
    expect(helpKeys('wall').map(([k]) => k)).toEqual(['f', 'l', '1–4', '?', 'Esc']);
    expect(helpKeys('appeals').map(([k]) => k)).toEqual(['j / ↓', 'k / ↑', 'Enter', '/', 'n', '?', 'Esc']);
    expect(helpKeys('new-appeal').map(([k]) => k)).toEqual(['?', 'Esc']);
    expect(helpKeys(null).map(([k]) => k)).toEqual(['?', 'Esc']);
    expect(isHelpPage('appeal')).toBe(true);
    expect(isHelpPage('nope')).toBe(false);
  });
  it('describes every page in every language', () => {
    for (const l of ['ru', 'kk', 'en'] as const) for (const p of helpPages) expect(messages[l].help.pages[p], `${l} ${p}`).toMatch(/\S{3,}/);
  });
});

describe('the working pages’ messages', () => {
  const leaves = (o: object, at = ''): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${at}${k}`, v] as [string, string]] : leaves(v, `${at}${k}.`)));
  it('has the same keys in ru, kk and en, none empty, and Kazakh that is not the Russian copied', () => {
    const ru = leaves(messages.ru);
    expect(ru.length).toBeGreaterThan(30);
    for (const l of ['kk', 'en'] as const) {
      const other = leaves(messages[l]);
      expect(other.map(([k]) => k)).toEqual(ru.map(([k]) => k));
      expect(other.filter(([, v]) => !v.trim())).toEqual([]);
      // the metre's abbreviation is "м" in Kazakh as in Russian; nothing else may be the same
      const same = other.filter(([k, v]) => v === ru.find(([rk]) => rk === k)![1]).map(([k]) => k);
      expect(same, l).toEqual(l === 'kk' ? ['intake.metres'] : []);
    }
    // Kazakh has its own letters
    expect(leaves(messages.kk).filter(([, v]) => /[әғқңөұүһі]/i.test(v)).length).toBeGreaterThan(25);
  });
  it('names no raw field ids to people (no lat/lon/☎ labels)', () => {
    for (const l of ['ru', 'kk', 'en'] as const) {
      const i = messages[l].intake;
      for (const v of [i.lat, i.lon, i.phone]) expect(v).not.toMatch(/^(lat|lon|☎)$/i);
    }
  });
});

describe('the category chart at laptop heights', () => {
  it('shows as many bars as have room for their labels', () => {
    expect(rowsThatFit(0, 12, 10)).toBe(10); // not laid out yet
    expect(rowsThatFit(400, 12, 10)).toBe(10);
    expect(rowsThatFit(120, 12, 10)).toBe(6); // (120 − 7.2) / 17.4
    expect(rowsThatFit(20, 12, 10)).toBe(3);
    expect(rowsThatFit(20, 12, 2)).toBe(2);
  });
});
