// A versioned migration: its statements, given what the database can do.
export interface Migration {
  version: number;
  name: string;
  statements: (caps: { timescale: boolean }) => string[];
}
