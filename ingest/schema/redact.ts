// What a public surface (Open311 reads, the live stream, wall screens) may show of a citizen's words and address:
// the text without phone numbers, e-mail addresses, the citizen's own name or flat numbers, and the address cut
// to the street (no house, flat, entrance or floor). Pure functions, no dependencies: the wall client uses them too.

export const REDACTED = '***';

export interface CitizenNames {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
}

const EMAIL = /[^\s@<>()[\]{},;:"'«»]+@(?:[\p{L}\p{N}_-]+\.)+[\p{L}\p{N}-]{2,}/gu;
// 7 or more digits in one run, with spaces, dashes, dots or brackets between them (an optional + before)
const PHONE = /(?<![\p{L}\p{N}])\+?\s?\(?\d(?:[\s\-.()]{0,3}\d){6,}(?![\p{L}\p{N}])/gu;
// a local number written in groups: 21-34-56, 213-45-67
const LOCAL_PHONE = /(?<![\p{L}\p{N}-])\d{2,3}-\d{2}-\d{2}(?![\p{L}\p{N}-])/gu;
const DATE = /^(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})$/;
// a flat (apartment) marker in Russian, Kazakh or English, then its number: "кв. 12", "квартира 5а", "пәтер 3", "apt 4"
const FLAT_WORD = String.raw`(?:кв|квартир[аеыу]?|пәтер|apt|apartment|flat)`;
const FLAT = new RegExp(String.raw`(?<![\p{L}])(${FLAT_WORD})(\.?\s*(?:№|#|N)?\s*)\d+[\p{L}]?(?![\p{N}])`, 'giu');

/** Removes ASCII control characters and other characters that XML 1.0 forbids (and lone surrogates). */
export function stripControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Word patterns for the parts of a name, loose enough to catch Russian/Kazakh endings (Ахметова → Ахметовой). */
function namePatterns(name: string): RegExp[] {
  const parts = name
    .split(/[\s,.]+/u)
    .map((p) => p.trim())
    .filter((p) => p.length >= 2);
  return [...new Set(parts)]
    .sort((a, b) => b.length - a.length)
    .map((p) => {
      // short names (Ли, Ким) only as written, with at most one ending letter, so that "ли" or "Кимран" stay
      if (p.length <= 3) return new RegExp(String.raw`(?<![\p{L}])${escapeRe(p)}\p{L}?(?![\p{L}])`, 'gu');
      const stem = p.length >= 5 ? p.slice(0, -1) : p;
      return new RegExp(String.raw`(?<![\p{L}])${escapeRe(stem)}\p{L}{0,3}(?![\p{L}])`, 'giu');
    });
}

/**
 * The citizen's words as the public may read them: e-mail addresses, phone numbers, flat numbers and (when the
 * citizen is given) their own name, phone and e-mail replaced with `***`; characters XML forbids removed.
 */
export function redactText(text: string | null | undefined, citizen?: CitizenNames | null): string {
  if (!text) return '';
  let s = stripControl(text);
  for (const own of [citizen?.email, citizen?.phone]) if (own && own.trim().length >= 5) s = s.split(own.trim()).join(REDACTED);
  s = s.replace(EMAIL, REDACTED);
  s = s.replace(PHONE, (m) => (DATE.test(m.trim()) ? m : `${/^\s*/.exec(m)![0]}${REDACTED}`));
  s = s.replace(LOCAL_PHONE, REDACTED);
  s = s.replace(FLAT, (_m, word: string, sep: string) => `${word}${sep}${REDACTED}`);
  if (citizen?.name) for (const re of namePatterns(citizen.name)) s = s.replace(re, REDACTED);
  return s;
}

// a token that is a house or flat number: 40, 40а, 40/2, 12-3, №5 (not "Е-10", not "2-я")
const NUMBER_TOKEN = /^(?:№|#)?\d+\p{L}?(?:[/-]\d+\p{L}?)*$/u;
// words that introduce what lies below the street: house, block, building, entrance, floor, flat, office
// (only when a number follows: "ул. Д. Кунаева" keeps its initial)
const BELOW_STREET = /^(?:д|дом|үй|house|bldg|building|корп|корпус|стр|строение|блок|block|под|подъезд|entrance|эт|этаж|floor|кв|квартира|пәтер|apt|apartment|flat|оф|офис|office|suite|unit|№|#)\.?$/iu;
// the same words glued to their number: "д.5", "кв.12"
const GLUED = /^(?:д|дом|корп|под|эт|кв|оф|apt)\.?\d/iu;

/**
 * An address cut to its street: "ул. Кенесары, 40, кв. 12" → "ул. Кенесары"; "12 Main St, Apt 4" → "Main St".
 * Everything from the first house number or house/flat/entrance word on is dropped (a number before the street,
 * as in English, is dropped too). Null when nothing is left.
 */
export function streetLevel(address: string | null | undefined): string | null {
  if (!address) return null;
  const tokens = stripControl(address)
    .replace(/([,;])(?=\S)/g, '$1 ')
    .split(/\s+/u)
    .filter(Boolean);
  const bare = (t: string) => t.replace(/[,;:]+$/u, '');
  const num = (i: number) => i < tokens.length && NUMBER_TOKEN.test(bare(tokens[i]));
  const below = (i: number) => num(i) || GLUED.test(bare(tokens[i])) || (BELOW_STREET.test(bare(tokens[i])) && num(i + 1));
  let i = 0;
  // a house number (or flat) before the street name, as English addresses put it
  while (i < tokens.length && below(i)) i++;
  const kept: string[] = [];
  for (; i < tokens.length; i++) {
    if (below(i)) break;
    kept.push(tokens[i]);
  }
  const out = kept
    .join(' ')
    .replace(/\s+([,;])/g, '$1')
    .replace(/[\s,;:–—-]+$/u, '')
    .trim();
  return out || null;
}
