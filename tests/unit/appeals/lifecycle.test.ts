import { describe, expect, it } from 'vitest';
import { allowedActions, nextStatus, TransitionError } from '../../../server/appeals/lifecycle';
import { Router } from '../../../server/appeals/intake/routing';

describe('appeal lifecycle', () => {
  it('walks the normal path to a confirmed resolution', () => {
    let s = nextStatus('assigned', 'start', {});
    expect(s).toBe('in_progress');
    s = nextStatus(s, 'interim', { text: 'Бригада выехала' });
    expect(s).toBe('interim_reply');
    s = nextStatus(s, 'answer', { text: 'Устранено' });
    expect(s).toBe('answered');
    expect(nextStatus(s, 'confirm', {})).toBe('citizen_confirmed');
    expect(nextStatus(s, 'dispute', { reason: 'всё ещё холодно' })).toBe('reopened');
  });

  it('refuses invalid transitions with a clear error', () => {
    expect(() => nextStatus('registered', 'answer', { text: 'x' })).toThrow(/cannot answer an appeal that is registered/);
    expect(() => nextStatus('citizen_confirmed', 'start', {})).toThrow(TransitionError);
    expect(() => nextStatus('closed', 'answer', { text: 'x' })).toThrow(/allowed from/);
  });

  it('demands a reason for an extension, a rejection and a re-route', () => {
    for (const [a, from] of [['extend', 'in_progress'], ['reject', 'assigned'], ['forward', 'assigned']] as const) {
      try {
        nextStatus(from, a, { org: 'astana-rek' });
        expect.unreachable();
      } catch (e) {
        expect((e as TransitionError).field).toBe('reason');
      }
    }
    expect(() => nextStatus('in_progress', 'answer', {})).toThrow(/needs a text/);
  });

  it('lists what can be done next', () => {
    expect(allowedActions('answered').sort()).toEqual(['close_unconfirmed', 'confirm', 'dispute']);
    expect(allowedActions('citizen_confirmed')).toEqual([]);
  });
});

describe('routing and the conflict-of-interest guard', () => {
  const r = new Router();
  it('routes by category and district', () => {
    expect(r.route('heating.no_heat', 'astana-yesil')).toEqual({ org: 'astana-teplotranzit' });
    expect(r.route('improvement.playground', 'astana-nura')).toEqual({ org: 'akimat-nura' });
    expect(r.route('housing.state_housing', 'astana-nura')).toEqual({ org: 'astana-social' });
  });
  it('never routes a complaint to its subject: one level up', () => {
    const d = r.route('heating.no_heat', 'astana-yesil', { org: 'astana-teplotranzit' });
    expect(d.org).toBe('astana-energy-housing');
    expect(d.guard).toMatch(/one level up/);
    // about the department itself: its units (the utility) are implicated too → the akimat
    expect(r.route('heating.no_heat', 'astana-yesil', { org: 'astana-energy-housing' }).org).toBe('astana-akimat');
    // a complaint about a district akimat's officials
    expect(r.route('improvement.yard', 'astana-nura', { org: 'akimat-nura' }).org).toBe('astana-akimat');
    expect(r.conflicts('astana-teplotranzit', 'astana-energy-housing')).toBe(true);
    expect(r.conflicts('astana-rek', 'astana-teplotranzit')).toBe(false);
  });
});
