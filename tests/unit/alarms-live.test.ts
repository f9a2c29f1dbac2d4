// A stored alarm on the live stream: its events carry `alarm:<id>` and the row's lifecycle, an escalation is an
// event of its own, and the live picture keeps one line per stored alarm, in its latest state.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LiveState } from '../../server/live/state';
import type { LiveHub } from '../../server/live/hub';
import { toLive, toView } from '../../server/alarms/alarms';
import type { AlarmRow } from '../../server/alarms/repository';

const row = (over: Partial<AlarmRow> = {}): AlarmRow => ({
  id: '42', dedupe_key: 'overdue:a1', source: 'sla', kind: 'overdue', severity: 'critical', state: 'active_unack', district: 'astana-yesil',
  category: 'heating.no_heat', subject_type: 'appeal', subject_id: 'a1', message: 'A-1: deadline missed', data: { number: 'A-1' }, areas: null, count: 2,
  first_seen: new Date(Date.now() - 60_000).toISOString(), last_seen: new Date().toISOString(), expires_at: null,
  acked_by: null, acked_at: null, ack_comment: null, cleared_by: null, cleared_at: null, clear_comment: null, escalated_at: null, escalated_to: null,
  ...over,
});

describe('alarms on the live stream', () => {
  it('a stored alarm\'s event: id alarm:<id>, the row\'s state, count, source, its appeal', () => {
    expect(toLive(row(), 'repeated', '2026-12-03T00:00:00.000Z')).toEqual({
      stream: 'alarms', id: 'alarm:42', ts: '2026-12-03T00:00:00.000Z', kind: 'overdue', severity: 'critical', district: 'astana-yesil', category: 'heating.no_heat',
      appealId: 'a1', message: 'A-1: deadline missed', data: { number: 'A-1' }, alarmId: '42', state: 'active_unack', change: 'repeated', count: 2, source: 'sla',
    });
  });

  it('an escalation is an event of its own, naming the role it goes to', () => {
    const e = toLive(row({ escalated_at: new Date().toISOString(), escalated_to: 'centre_head' }), 'escalated');
    expect(e).toMatchObject({ id: 'escalated:42', kind: 'escalated', change: 'escalated', alarmId: '42', data: { to: 'centre_head', alarmKind: 'overdue', number: 'A-1' } });
  });

  it('the view names who acknowledged and cleared, and the subject', () => {
    const at = new Date().toISOString();
    const v = toView(row({ state: 'cleared', acked_by: 'd1', acked_at: at, ack_comment: 'on it', cleared_by: 'd1', cleared_at: at, clear_comment: null }));
    expect(v).toMatchObject({ id: '42', key: 'overdue:a1', subject: { type: 'appeal', id: 'a1' }, acknowledged: { by: 'd1', at, comment: 'on it' }, cleared: { by: 'd1', at, comment: null }, escalated: null });
  });

  it('the live picture keeps one line per stored alarm, in its latest state; unstored alarms stay as they come', () => {
    const hub = Object.assign(new EventEmitter(), { cursor: () => 'c' }) as unknown as LiveHub;
    const state = new LiveState(hub);
    state.apply([toLive(row(), 'raised'), toLive(row({ id: '43' }), 'raised')]);
    state.apply([toLive(row({ state: 'acknowledged', acked_by: 'd1', acked_at: new Date().toISOString() }), 'acknowledged')]);
    const legacy = { stream: 'alarms' as const, id: 'spike:x', ts: new Date().toISOString(), kind: 'spike' as const, severity: 'warning' as const, district: null, message: 'm' };
    state.apply([legacy, legacy]);
    const alarms = state.snapshot(new Set(['alarms']), null).alarms;
    expect(alarms.map((a) => [a.id, a.state ?? null])).toEqual([
      ['alarm:43', 'active_unack'],
      ['alarm:42', 'acknowledged'],
      ['spike:x', null],
      ['spike:x', null],
    ]);
  });
});
