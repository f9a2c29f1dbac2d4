// Open311 GeoReport v2 output in JSON or XML, as the spec writes them (lists of objects; XML with a root
// element and one element per item; errors as [{code, description}] / <errors><error>…).
export type Format = 'json' | 'xml';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function el(name: string, v: unknown): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => el(singular(name), x)).join('')}</${name}>`;
  if (typeof v === 'object') return `<${name}>${Object.entries(v as Record<string, unknown>).map(([k, x]) => el(k, x)).join('')}</${name}>`;
  return `<${name}>${esc(String(v))}</${name}>`;
}
const singular = (n: string) => ({ keywords: 'keyword', endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' })[n] ?? 'item';

/** A list response: `[{…}]` in JSON, `<root><item>…</item></root>` in XML. */
export function render(format: Format, root: string, item: string, items: Record<string, unknown>[]): { type: string; body: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', body: JSON.stringify(items) };
  return { type: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8"?><${root}>${items.map((i) => el(item, i)).join('')}</${root}>` };
}

/** A single object (discovery) in either format. */
export function renderObject(format: Format, root: string, obj: Record<string, unknown>): { type: string; body: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', body: JSON.stringify(obj) };
  return { type: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8"?>${el(root, obj)}` };
}

export function renderErrors(format: Format, errors: { code: number; description: string }[]) {
  return render(format, 'errors', 'error', errors);
}
