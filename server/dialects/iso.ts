// Timestamps from either driver as ISO strings (pg is set to give strings, PGlite gives Date objects).
export function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
}
