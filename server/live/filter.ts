// A live subscription's filter: which streams, which districts. Clients with the same filter share a room,
// so each tick is serialised once per filter, not once per client.
import type { LiveEvent, LiveStreamName, SubscribeRequest } from '../../ingest/schema';

export interface Filter {
  key: string;
  streams: Set<LiveStreamName>;
  districts: Set<string> | null;
}

export function makeFilter(req: Pick<SubscribeRequest, 'streams' | 'districts'>): Filter {
  const streams = [...new Set(req.streams)].sort();
  const districts = req.districts?.length ? [...new Set(req.districts)].sort() : null;
  return {
    key: `live:${streams.join(',')}|${districts ? districts.join(',') : '*'}`,
    streams: new Set(streams),
    districts: districts ? new Set(districts) : null,
  };
}

export function matches(f: Filter, e: LiveEvent): boolean {
  return f.streams.has(e.stream) && (!f.districts || (e.district !== null && f.districts.has(e.district)));
}

export function select(f: Filter, items: LiveEvent[]): LiveEvent[] {
  const out: LiveEvent[] = [];
  for (const e of items) if (matches(f, e)) out.push(e);
  return out;
}
