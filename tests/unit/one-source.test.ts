// One source per concept (issue 11, item 4): the live stream names and the REST/live shapes (`Snapshot`,
// `CentreConfig`, the appeal view) are declared once, in ingest/schema, and both server and client import them.
import { describe, expect, it } from 'vitest';
import { appealFlags, liveStreamNames, openSlaStates, slaStates, streams } from '../../ingest/schema';
import { productSources as sources } from '../helpers/sources';

describe('one source per concept', () => {
  it('the live stream names are the stored streams and the live-only alarms, crews and cases', () => {
    expect([...liveStreamNames].sort()).toEqual([...Object.keys(streams), 'alarms', 'crews', 'cases'].sort());
    expect(liveStreamNames).toHaveLength(7);
  });

  it('no other file lists the live stream names itself', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(50);
    // a list of stream names holding `alarms` is the live list (subsets of the stored streams, such as the broker's
    // own-topic streams or a chart's series, are each file's own choice)
    const id = `['"](?:gps|appeals|incidents|status|alarms)['"]`;
    const list = new RegExp(`\\[\\s*(?:${id}\\s*,\\s*)+['"]alarms['"]|['"]alarms['"]\\s*,\\s*${id}`);
    expect(files.filter((f) => f.path !== 'ingest/schema/stream.ts' && list.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('Snapshot, CentreConfig and AppealView are declared only in the schema module', () => {
    const files = sources();
    const decl = /(?:interface|type)\s+(Snapshot|CentreConfig|AppealView)\b\s*(?:=|\{|extends)/g;
    const found = files.flatMap((f) => [...f.text.matchAll(decl)].map((m) => `${m[1]} in ${f.path}`)).sort();
    expect(found).toEqual(['AppealView in ingest/schema/appeals.ts', 'CentreConfig in ingest/schema/index.ts', 'Snapshot in ingest/schema/index.ts']);
  });

  it('the SLA states and the detectors\' flags are listed only in the schema module', () => {
    expect(slaStates).toEqual(['on_time', 'at_risk', 'overdue', 'met', 'missed']);
    expect(openSlaStates.every((s) => (slaStates as readonly string[]).includes(s))).toBe(true);
    expect(appealFlags).toContain('formal_reply');
    const files = sources();
    expect(files.length).toBeGreaterThan(50);
    // three of them in a row, quoted: a list of its own (a map keyed by them, like the map's colours, is fine)
    const row = (ids: readonly string[]) => {
      const id = `['"](?:${ids.join('|')})['"]`;
      return new RegExp(`${id}\\s*,\\s*${id}\\s*,\\s*${id}`);
    };
    const lists = (ids: readonly string[]) => files.filter((f) => f.path !== 'ingest/schema/appeal-status.ts' && row(ids).test(f.text)).map((f) => f.path);
    expect(lists(slaStates)).toEqual([]);
    expect(lists(appealFlags)).toEqual([]);
    // and the check itself finds such a list
    expect(row(slaStates).test(`const s = ['on_time', 'at_risk', 'overdue'];`)).toBe(true);
  });
});

// The appeals module owns its tables (issue 11, item 3): other modules call its functions, never its SQL.
describe('the appeals module owns its tables', () => {
  const sql = /\b(?:FROM|JOIN|INTO|UPDATE)\s+(appeal_state|appeal_events|appeal_photos)\b/i;

  it('no file outside server/appeals/ queries appeal_state, appeal_events or appeal_photos', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(50);
    // the migrations create the tables; they are the schema, not a query
    const outside = files.filter((f) => !f.path.startsWith('server/appeals/') && !f.path.startsWith('server/db/migrations/'));
    expect(outside.filter((f) => sql.test(f.text)).map((f) => f.path)).toEqual([]);
    // the check finds what it looks for: the appeals' own repository queries them
    const own = files.filter((f) => f.path.startsWith('server/appeals/') && sql.test(f.text)).map((f) => f.path);
    expect(own).toContain('server/appeals/store.ts');
    expect(sql.test('SELECT e.seq FROM appeal_events e JOIN appeal_state a ON a.id = e.appeal_id')).toBe(true);
  });

  it('inside the appeals and Open311 modules, SQL is in the repositories and every row is typed', () => {
    const files = sources().filter((f) => /^server\/(appeals|open311)\//.test(f.path) || f.path === 'server/http/stats.ts');
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((f) => f.text.includes('query<any>')).map((f) => f.path)).toEqual([]);
    // the feature's tables are queried from its repositories only (store.ts files; Open311's keys.ts for its keys)
    const tables = /\b(?:FROM|JOIN|INTO|UPDATE)\s+(appeal_\w+|appeals|citizen_outbox|confirm_tokens|routing_rules|organisations|systemic_problems|open311_keys)\b/i;
    const queries = files.filter((f) => tables.test(f.text)).map((f) => f.path);
    expect(queries.length).toBeGreaterThanOrEqual(6);
    expect(queries.filter((p) => !/(^|\/)store\.ts$/.test(p) && p !== 'server/open311/keys.ts')).toEqual([]);
    // Open311 reads appeals through the appeals module's api only
    expect(files.filter((f) => f.path.startsWith('server/open311/') && /appeal_state|appeal_events/.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});

// The operations module (issue 13) owns the crews registry's tables the same way.
describe('the operations module owns its tables', () => {
  const tables = /\b(?:FROM|JOIN|INTO|UPDATE)\s+(crews|crew_state_history)\b/i;

  it('crews and crew_state_history are queried only in server/operations/repository.ts, with typed rows', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(50);
    const outside = files.filter((f) => f.path !== 'server/operations/repository.ts' && !f.path.startsWith('server/db/migrations/'));
    expect(outside.filter((f) => tables.test(f.text)).map((f) => f.path)).toEqual([]);
    const own = files.filter((f) => f.path.startsWith('server/operations/'));
    expect(own.map((f) => f.path)).toContain('server/operations/repository.ts');
    expect(own.filter((f) => tables.test(f.text)).map((f) => f.path)).toEqual(['server/operations/repository.ts']);
    expect(own.filter((f) => f.text.includes('query<any>') || /\.query\(/.test(f.text.replace(/this\.db\.query<\w+>\(/g, ''))).map((f) => f.path)).toEqual([]);
  });
});

// The incident cases (issue 13, item 5) own theirs in server/operations/incidents/repository.ts.
describe('the incident cases own their tables', () => {
  const tables = /\b(?:FROM|JOIN|INTO|UPDATE)\s+(cameras|incident_cases|incident_case_history)\b/i;

  it('cameras, incident_cases and incident_case_history are queried only in server/operations/incidents/repository.ts, with typed rows', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(50);
    const repo = 'server/operations/incidents/repository.ts';
    expect(files.filter((f) => f.path !== repo && !f.path.startsWith('server/db/migrations/') && tables.test(f.text)).map((f) => f.path)).toEqual([]);
    const own = files.filter((f) => f.path.startsWith('server/operations/incidents/'));
    expect(own.map((f) => f.path)).toContain(repo);
    expect(own.filter((f) => tables.test(f.text)).map((f) => f.path)).toEqual([repo]);
    expect(own.filter((f) => f.text.includes('query<any>') || /\.query\(/.test(f.text.replace(/this\.db\.query<\w+>\(/g, ''))).map((f) => f.path)).toEqual([]);
  });
});
