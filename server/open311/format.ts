// Open311 GeoReport v2 output in JSON or XML, as the spec writes them (lists of objects; XML with a root
// element and one element per item; errors as [{code, description}] / <errors><error>…).
import { XMLBuilder } from 'fast-xml-parser';
import { stripControl } from '../../ingest/schema/redact';

export type Format = 'json' | 'xml';

const xml = new XMLBuilder({ format: false, suppressEmptyNode: true, processEntities: true });
const DECL = '<?xml version="1.0" encoding="utf-8"?>';

/** Our values as the builder's tree: a list becomes repeated child elements, null an empty element, and every
 * text loses the characters XML 1.0 forbids (one \u0001 would make the whole document unreadable). */
function node(name: string, v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.length ? { [singular(name)]: v.map((x) => node(singular(name), x)) } : '';
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, node(k, x)]));
  return stripControl(String(v));
}
const singular = (n: string) => ({ keywords: 'keyword', endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' })[n] ?? 'item';
const build = (tree: Record<string, unknown>) => `${DECL}${xml.build(tree) as string}`;

/** A list response: `[{…}]` in JSON, `<root><item>…</item></root>` in XML. */
export function render(format: Format, root: string, item: string, items: Record<string, unknown>[]): { type: string; body: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', body: JSON.stringify(items) };
  return { type: 'text/xml; charset=utf-8', body: build({ [root]: items.length ? { [item]: items.map((i) => node(item, i)) } : '' }) };
}

/** A single object (discovery) in either format. */
export function renderObject(format: Format, root: string, obj: Record<string, unknown>): { type: string; body: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', body: JSON.stringify(obj) };
  return { type: 'text/xml; charset=utf-8', body: build({ [root]: node(root, obj) }) };
}

export function renderErrors(format: Format, errors: { code: number; description: string }[]) {
  return render(format, 'errors', 'error', errors);
}
