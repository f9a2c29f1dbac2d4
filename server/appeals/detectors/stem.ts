// Light stemming for Russian, Kazakh and English text, for the detectors: compare words by stem, not by exact form,
// so that «обращение рассмотрено» matches «обращения рассмотрены» and «өтінішіңіз қаралды» matches
// «өтініштеріңіз қаралған». Pure functions, no dictionaries beyond a few suffix lists.

/** Language a text or word is stemmed as: Russian, Kazakh or English. */
export type Lang = 'ru' | 'kk' | 'en';

/** A word of the text: its normalised surface form, its stem and the language it was stemmed as. */
export interface Token {
  /** lowercase, ё→е, letters and digits only */
  word: string;
  stem: string;
  lang: Lang;
}

/** Letters that exist in Kazakh Cyrillic but not in Russian. */
const KK_LETTERS = /[әғқңөұүһі]/u;
/** Common Kazakh words written without the Kazakh-only letters, so that a short Kazakh text is still recognised. */
const KK_WORDS = new Set(['және', 'бойынша', 'туралы', 'үшін', 'жоқ', 'бар', 'мен', 'бен', 'пен', 'жылы', 'жыл', 'жол', 'жолданды', 'тиісті', 'жасалды', 'берілді', 'сіздің', 'сізге', 'ертең', 'бүгін', 'дейін']);

/** Lowercase, ё→е, keep letters and digits: the words of a text, in order. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/ё/g, 'е').match(/[\p{L}\d]+/gu) ?? [];
}

/**
 * Language of a whole text: `kk` when at least a fifth of its Cyrillic words carry a Kazakh-only letter (ә ғ қ ң ө ұ
 * ү һ і) or are common Kazakh words, `en` when most words are Latin, otherwise `ru`. Per text and not per word,
 * because many Kazakh word forms (жолданды, жасалды) contain no Kazakh-only letter.
 */
export function detectLang(text: string): Lang {
  const ws = words(text).filter((w) => /\p{L}/u.test(w));
  if (!ws.length) return 'ru';
  const latin = ws.filter((w) => /^[a-z]+$/.test(w)).length;
  const cyr = ws.length - latin;
  if (latin > cyr) return 'en';
  const kk = ws.filter((w) => KK_LETTERS.test(w) || KK_WORDS.has(w)).length;
  return kk > 0 && kk / Math.max(cyr, 1) >= 0.2 ? 'kk' : 'ru';
}

// ---------------------------------------------------------------------------------------------------------------
// Russian: the Snowball (Porter) Russian algorithm, steps 1-4, with the RV and R2 regions.
// ---------------------------------------------------------------------------------------------------------------

const RU_VOWEL = /[аеиоуыэюя]/;
/** [ending, must follow а/я] pairs, longest first. */
type Endings = Array<[string, boolean]>;
const g1 = (xs: string[]): Endings => xs.map((x) => [x, true]);
const g2 = (xs: string[]): Endings => xs.map((x) => [x, false]);
const byLength = (e: Endings) => e.sort((a, b) => b[0].length - a[0].length);

const PERFECTIVE_GERUND = byLength([...g1(['в', 'вши', 'вшись']), ...g2(['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись'])]);
const REFLEXIVE = byLength(g2(['ся', 'сь']));
const ADJECTIVE = ['ее', 'ие', 'ые', 'ое', 'ими', 'ыми', 'ей', 'ий', 'ый', 'ой', 'ем', 'им', 'ым', 'ом', 'его', 'ого', 'ему', 'ому', 'их', 'ых', 'ую', 'юю', 'ая', 'яя', 'ою', 'ею'];
const ADJECTIVAL = byLength([
  ...g2(ADJECTIVE),
  ...g1(['ем', 'нн', 'вш', 'ющ', 'щ'].flatMap((p) => ADJECTIVE.map((a) => p + a))),
  ...g2(['ивш', 'ывш', 'ующ'].flatMap((p) => ADJECTIVE.map((a) => p + a))),
]);
const VERB = byLength([
  ...g1(['ла', 'на', 'ете', 'йте', 'ли', 'й', 'л', 'ем', 'н', 'ло', 'но', 'ет', 'ют', 'ны', 'ть', 'ешь', 'нно']),
  ...g2(['ила', 'ыла', 'ена', 'ейте', 'уйте', 'ите', 'или', 'ыли', 'ей', 'уй', 'ил', 'ыл', 'им', 'ым', 'ен', 'ило', 'ыло', 'ено', 'ят', 'ует', 'уют', 'ит', 'ыт', 'ены', 'ить', 'ыть', 'ишь', 'ую', 'ю']),
]);
const NOUN = byLength(g2(['а', 'ев', 'ов', 'ие', 'ье', 'е', 'иями', 'ями', 'ами', 'еи', 'ии', 'и', 'ией', 'ей', 'ой', 'ий', 'й', 'иям', 'ям', 'ием', 'ем', 'ам', 'ом', 'о', 'у', 'ах', 'иях', 'ях', 'ы', 'ь', 'ию', 'ью', 'ю', 'ия', 'ья', 'я']));

/** Removes the longest ending of the list that lies in the region starting at `from`; null when none does. */
function cut(w: string, list: Endings, from: number): string | null {
  for (const [e, afterAYa] of list) {
    const at = w.length - e.length;
    if (at < from || !w.endsWith(e)) continue;
    if (afterAYa && !(at - 1 >= from && (w[at - 1] === 'а' || w[at - 1] === 'я'))) continue;
    return w.slice(0, at);
  }
  return null;
}

/** Start of the region after the first vowel that is followed by a consonant, from `start` (Snowball R1/R2). */
function region(w: string, start: number): number {
  for (let i = start + 1; i < w.length; i++) if (!RU_VOWEL.test(w[i]) && RU_VOWEL.test(w[i - 1])) return i + 1;
  return w.length;
}

/** Snowball Russian stemmer. `word` must be lowercase with ё replaced by е. */
export function stemRu(word: string): string {
  const v = word.search(RU_VOWEL);
  if (v < 0) return word;
  const rv = v + 1;
  const r2 = region(word, region(word, 0));
  let w = word;
  // step 1
  const pg = cut(w, PERFECTIVE_GERUND, rv);
  if (pg !== null) w = pg;
  else {
    w = cut(w, REFLEXIVE, rv) ?? w;
    w = cut(w, ADJECTIVAL, rv) ?? cut(w, VERB, rv) ?? cut(w, NOUN, rv) ?? w;
  }
  // step 2
  if (w.endsWith('и') && w.length - 1 >= rv) w = w.slice(0, -1);
  // step 3: derivational -ост(ь) in R2
  for (const e of ['ость', 'ост']) if (w.endsWith(e) && w.length - e.length >= r2) { w = w.slice(0, -e.length); break; }
  // step 4
  if (w.endsWith('нн') && w.length - 2 >= rv) w = w.slice(0, -1);
  else {
    const sup = cut(w, g2(['ейше', 'ейш']), rv);
    if (sup !== null) w = sup.endsWith('нн') ? sup.slice(0, -1) : sup;
    else if (w.endsWith('ь') && w.length - 1 >= rv) w = w.slice(0, -1);
  }
  return w;
}

// ---------------------------------------------------------------------------------------------------------------
// Kazakh: strip, from the end, at most one suffix of each slot of the noun template
// stem + plural + possessive + case, or a verb ending (past/participle/gerund/future).
// ---------------------------------------------------------------------------------------------------------------

const KK_VOWEL = /[аәеиоөұүыіэюяу]/u;
const longestFirst = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length);
/** Case endings: genitive, dative, locative (and its adjective -дағы), ablative, accusative, instrumental. */
const KK_CASE = longestFirst([
  'ның', 'нің', 'дың', 'дің', 'тың', 'тің',
  'ға', 'ге', 'қа', 'ке', 'на', 'не',
  'да', 'де', 'та', 'те', 'нда', 'нде', 'дағы', 'дегі', 'тағы', 'тегі', 'ндағы', 'ндегі',
  'дан', 'ден', 'тан', 'тен', 'нан', 'нен', 'ндан', 'нден',
  'ды', 'ді', 'ты', 'ті', 'ны', 'ні',
  'мен', 'бен', 'пен',
]);
/** Possessive endings (our/your/his...). */
const KK_POSSESSIVE = longestFirst(['ыңыз', 'іңіз', 'ңыз', 'ңіз', 'ымыз', 'іміз', 'мыз', 'міз', 'ым', 'ім', 'ың', 'ің', 'сы', 'сі', 'ы', 'і']);
const KK_PLURAL = longestFirst(['лар', 'лер', 'дар', 'дер', 'тар', 'тер']);
/** Participles and gerunds, and the verbal noun -у (only on long words: жылу "heat" must stay whole). */
const KK_VERBAL = longestFirst(['атын', 'етін', 'йтын', 'йтін', 'ған', 'ген', 'қан', 'кен', 'ып', 'іп', 'у']);
/** Present/future third person (қаралады, жөнделеді): stripped first, nothing else after it. */
const KK_PRESENT = ['ады', 'еді'];

function kkStrip(w: string, list: string[], minStem = 2): string | null {
  for (const e of list) {
    if (!w.endsWith(e)) continue;
    const s = w.slice(0, w.length - e.length);
    const min = e.length === 1 ? Math.max(minStem, 3) : minStem;
    if (s.length >= min && KK_VOWEL.test(s)) return s;
  }
  return null;
}

/** Light Kazakh stemmer. `word` must be lowercase. */
export function stemKk(word: string): string {
  const present = kkStrip(word, KK_PRESENT, 3);
  if (present !== null) return present;
  let w = word;
  const c = kkStrip(w, KK_CASE);
  if (c !== null) w = c;
  w = kkStrip(w, KK_POSSESSIVE) ?? w;
  w = kkStrip(w, KK_PLURAL) ?? w;
  // a participle or gerund may sit under the noun endings (қаралғанда → қарал)
  const v = kkStrip(w, KK_VERBAL, w.endsWith('у') ? 4 : 3);
  if (v !== null) w = v;
  return w;
}

/** Very light English stemmer: -ing, -ed, -es, -s, -ly. */
export function stemEn(word: string): string {
  for (const e of ['ing', 'ed', 'es', 'ly', 's']) if (word.endsWith(e) && word.length - e.length >= 3) return word.slice(0, -e.length);
  return word;
}

/** Stem of one normalised word in a text of language `lang`: Latin words are English, words with Kazakh-only letters Kazakh. */
export function stemWord(word: string, lang: Lang): string {
  if (/^\d+$/.test(word)) return word;
  if (/^[a-z]+$/.test(word)) return stemEn(word);
  if (lang === 'kk' || KK_LETTERS.test(word)) return stemKk(word);
  return stemRu(word);
}

/** The words of a text with their stems; the language is detected for the whole text unless given. */
export function tokenize(text: string, lang: Lang = detectLang(text)): Token[] {
  return words(text).map((word) => {
    const stem = stemWord(word, lang);
    return { word, stem, lang: /^[a-z]+$/.test(word) ? 'en' : lang === 'kk' || KK_LETTERS.test(word) ? 'kk' : 'ru' };
  });
}

/** Stems of a text, in order. */
export function stems(text: string, lang?: Lang): string[] {
  return tokenize(text, lang).map((t) => t.stem);
}

/**
 * Whether two stems name the same word: equal, or both at least 5 letters long and one is the other plus one
 * letter — which absorbs the stemmers' small inconsistencies (вывез/вывезл, восстанов/восстановл, жөнде/жөндел)
 * without merging different words (выполн «done» / выполнен «the doing», тазартыл / тазартылма «not cleaned»).
 */
export function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) !== 1) return false;
  return a.startsWith(b) || b.startsWith(a);
}
