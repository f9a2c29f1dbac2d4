// What a generator hands to the publisher: a topic below the prefix and a JSON payload.
export interface Message {
  /** topic without the prefix, e.g. `gps/snowplow-0001` */
  topic: string;
  payload: Record<string, unknown>;
}

/** The stream a message belongs to: the topic's first segment. */
export const streamOf = (m: Message) => m.topic.split('/', 1)[0];

/** Unique ids for one simulator run: `sim-<run>-<kind>-<counter>` (the lifecycle simulation acts only on these). */
export class Ids {
  private seq = 0;
  constructor(readonly run: string) {}
  next(kind: string): string {
    return `sim-${this.run}-${kind}-${++this.seq}`;
  }
}
