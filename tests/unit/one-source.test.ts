// One source per concept (issue 11, item 4): the live stream names and the REST/live shapes (`Snapshot`,
// `CentreConfig`, the appeal view) are declared once, in ingest/schema, and both server and client import them.
import { describe, expect, it } from 'vitest';
import { liveStreamNames, streams } from '../../ingest/schema';
import { productSources as sources } from '../helpers/sources';

describe('one source per concept', () => {
  it('the live stream names are the stored streams and alarms', () => {
    expect([...liveStreamNames].sort()).toEqual([...Object.keys(streams), 'alarms'].sort());
    expect(liveStreamNames).toHaveLength(5);
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
});
