// Formal brush-off replies («отписки»): answers that close an appeal without doing anything about it. An appeal
// counts when it is *resolved*, not when it is *closed*, so the situation centre must expose answers that only say
// "your appeal has been considered", cite the law, send the citizen elsewhere or promise something some day.
// Works on Russian and Kazakh (and tolerates English) by comparing light stems (./stem), not exact strings.

import { detectLang, sameStem, tokenize, words, type Lang, type Token } from './stem';

/** One signal that the answer is a brush-off: a code, its weight in [0, 1) and a human-readable detail. */
export interface FormalReason {
  code: string;
  weight: number;
  detail: string;
}

/** Score at and above which an answer is flagged `formal_reply` and an alarm is raised. */
export const FORMAL_THRESHOLD = 0.6;

/** Weights of the signals; see {@link scoreFormalReply}. */
export const FORMAL_WEIGHTS = {
  /** fewer than 5 words; halved when the answer reports an action */
  tooShort: 0.4,
  /** fewer than 9 words; halved when the answer reports an action */
  shortish: 0.2,
  /** first template phrase; each further distinct one adds templateStep, up to templateMax */
  template: 0.35,
  templateStep: 0.1,
  templateMax: 0.55,
  onlyRedirect: 0.45,
  lawCitationOnly: 0.35,
  noAction: 0.35,
  noDate: 0.35,
  /** a promise (будет рассмотрено, планируется, жақын арада) with no date or term */
  passivePromise: 0.3,
  /** a promise that at least names a date or term */
  datedPromise: 0.1,
  /** the answer shares no content word with the appeal (nor with its sphere's vocabulary) */
  noOverlap: 0.3,
  /** a single shared word with a long appeal */
  lowOverlap: 0.15,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Phrase lists. They are written as ordinary text and stemmed once, so each entry also matches its inflections.
// ---------------------------------------------------------------------------------------------------------------

/** A phrase as stems, stemmed in its own language (many Kazakh forms carry no Kazakh-only letter: жолданды). */
type Phrase = { text: string; stems: string[] };
const phrases = (list: Partial<Record<Lang, string[]>>): Phrase[] =>
  (Object.entries(list) as Array<[Lang, string[]]>)
    .flatMap(([lang, xs]) => xs.map((text) => ({ text, stems: tokenize(text, lang).map((t) => t.stem) })))
    .sort((a, b) => b.stems.length - a.stems.length);

const TEMPLATES = phrases({
  ru: [
    'ваше обращение рассмотрено', 'обращение рассмотрено', 'рассмотрев ваше обращение', 'принято к сведению',
    'будет рассмотрено в установленном порядке', 'в установленном порядке', 'в установленные сроки', 'в рамках компетенции',
    'в пределах компетенции', 'разъяснено', 'даны разъяснения', 'дано разъяснение', 'разъясняем',
    'при наличии финансирования', 'при выделении средств', 'при выделении бюджетных средств', 'включено в план',
    'включено в бюджетную заявку', 'на следующий год', 'в порядке очередности', 'по мере возможности',
    'по мере поступления', 'находится на контроле', 'взято на контроль', 'будут приняты меры', 'приняты соответствующие меры',
    'проведена разъяснительная работа', 'работа в данном направлении ведется', 'вопрос прорабатывается',
  ],
  kk: [
    'сіздің өтінішіңіз қаралды', 'өтінішіңіз қаралды', 'назарға алынды', 'қаржыландыру болған жағдайда',
    'қаржы бөлінген жағдайда', 'келесі жылғы жоспарға енгізілді', 'жоспарға енгізілді', 'түсіндірілді', 'түсініктеме берілді',
    'тиісті шаралар қабылданды', 'бақылауда', 'белгіленген тәртіппен', 'құзыреті шегінде',
  ],
  en: ['your appeal has been considered', 'taken into account', 'in accordance with established procedure', 'within competence', 'subject to funding'],
});

const REDIRECT = phrases({
  ru: [
    'направлено по компетенции', 'перенаправлено', 'переадресовано', 'направлено в', 'передано в', 'передано по принадлежности',
    'обратитесь в', 'рекомендуем обратиться', 'вам необходимо обратиться', 'следует обратиться', 'не входит в компетенцию',
    'не относится к компетенции',
  ],
  kk: ['құзыретіне сәйкес жолданды', 'жолданды', 'жіберілді', 'жүгінуіңізге болады', 'жүгініңіз', 'құзыретіне жатпайды'],
  en: ['forwarded to', 'redirected', 'please contact'],
});

const LAW = phrases({
  ru: ['закон', 'законодательство', 'статья', 'кодекс', 'постановление', 'нормативных правовых актов'],
  kk: ['заң', 'заңнама', 'бабы', 'кодексі', 'қаулы'],
  en: ['law', 'article', 'regulation'],
});
/** «ст. 12», «п. 3», «ч. 2» */
const LAW_REF = /(^|[^\p{L}])(ст|п|пп|ч)\.\s*\d/u;

const ACTIONS = phrases({
  // participles and past tense of what an executor actually does
  ru: [
    'выполнено', 'выполнили', 'устранено', 'устранила', 'устранили', 'отремонтировано', 'отремонтировали', 'заменено', 'заменили',
    'вывезено', 'вывезли', 'восстановлено', 'восстановили', 'очищено', 'очистили', 'расчищено', 'расчистили', 'убрано', 'убрали',
    'проведены работы', 'произведен ремонт', 'проведен ремонт', 'установлено', 'установили', 'засыпано', 'заасфальтировано',
    'подключено', 'ликвидировано', 'ликвидировали', 'демонтировано', 'откачана', 'закрыт', 'починили', 'налажено', 'обработано',
    'посыпано', 'возобновлена', 'запущено', 'прочищено', 'промыто', 'выплачено', 'назначена', 'зачислено', 'вывоз осуществлен',
  ],
  kk: [
    'жөнделді', 'жөндеді', 'ауыстырылды', 'ауыстырды', 'тазартылды', 'тазартты', 'тазаланды', 'шығарылды', 'шығарды',
    'қалпына келтірілді', 'қалпына келтірді', 'орнатылды', 'орнатты', 'жойылды', 'жойды', 'орындалды', 'жұмыстар жүргізілді',
    'аяқталды', 'қосылды', 'төселді', 'жамалды', 'себілді', 'жабылды', 'шешілді', 'жылу берілді', 'төленді', 'тағайындалды',
  ],
  en: ['repaired', 'replaced', 'removed', 'restored', 'fixed', 'cleaned', 'cleared', 'completed', 'installed'],
});

/** Words that turn a following action into a promise: «будет выполнено», «планируется отремонтировать». */
const PROMISE_CONTEXT = phrases({ ru: ['будет', 'будут', 'планируется', 'запланировано', 'предусмотрено', 'необходимо', 'нужно', 'намечено', 'предполагается', 'должны'], en: ['will'] });
/** Words that make a preceding action (or noun of action) a promise: «выполнение работ запланировано», «жөндеу жұмыстары жоспарланған». */
const PROMISE_AFTER = phrases({ ru: ['запланировано', 'планируется', 'предусмотрено'], kk: ['болады', 'жоспарланған', 'жоспарлануда'] });
/** Promises on their own. */
const PROMISES = phrases({
  ru: ['будет рассмотрено', 'будут приняты меры', 'будет решен', 'планируется', 'запланировано', 'в ближайшее время', 'по возможности', 'рассматривается вопрос', 'будет включено'],
  kk: ['жақын арада', 'қаралатын болады', 'жоспарлануда', 'жоспарланып отыр', 'шаралар қабылданады', 'мүмкіндігінше', 'болады'],
  en: ['will be considered', 'will be', 'as soon as possible'],
});
/** Kazakh future / present surface endings (тазартылады, жүргізіледі, жөнделеді, жөндейді, тазалайтын). */
const KK_FUTURE = /(ылады|іледі|еледі|аланады|еленеді|йды|йді|атын|етін|йтын|йтін|мақ|мек)$/u;
/** Kazakh negated verb endings (тазартылмаған, жөнделмеді, шығарылмайды). */
const KK_NEGATED = /(ма|ме|ба|бе|па|пе)(ды|ді|ған|ген|йды|йді|йтын|йтін|с)$/u;
const RU_NEGATION = new Set(['не', 'нет', 'ни', 'not', 'no']);

// ---------------------------------------------------------------------------------------------------------------
// Dates, times and terms.
// ---------------------------------------------------------------------------------------------------------------

const NUMERIC_DATE = /(?<!\d)\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?(?!\d)|(?<!\d)\d{1,2}:\d{2}(?!\d)|(?<!\d)20\d{2}(?!\d)/u;
/** Month stems (ru, kk, en); May is listed by its exact Russian forms so that «маяк» is not a month. */
const MONTHS = ['январ', 'феврал', 'март', 'апрел', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр',
  'қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан',
  'january', 'february', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MAY = new Set(['май', 'мая', 'мае', 'маем']);
const DAY_WORDS = ['понедельник', 'вторник', 'среда', 'среду', 'четверг', 'пятниц', 'суббот', 'воскресен', 'сегодня', 'завтра', 'вчера',
  'послезавтра', 'дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'сенбі', 'жексенбі', 'бүгін', 'ертең', 'кеше',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'tomorrow', 'yesterday'];
/** Friday in Kazakh is also a common word root only in its exact forms. */
const FRIDAY_KK = new Set(['жұма', 'жұмада', 'жұмаға', 'жұмадан']);
const UNITS = ['дн', 'день', 'дня', 'суток', 'сутк', 'час', 'недел', 'месяц', 'рабоч', 'календарн', 'күн', 'сағат', 'апта', 'ай', 'day', 'hour', 'week', 'month'];
const TERM_BEFORE = new Set(['до', 'к', 'по', 'позднее', 'течение', 'срок', 'within', 'by', 'until']);

/**
 * Whether the text names a date, time, year, month, weekday, relative day or term: 25.11.2026, 23.11, 18:00,
 * «до 1 декабря», «в течение 3 дней», «к 5 числу», «ертеңге дейін», «3 күн ішінде», «в пятницу».
 */
export function hasDate(text: string): boolean {
  if (NUMERIC_DATE.test(text)) return true;
  const ws = words(text);
  return ws.some((w, i) => {
    if (MAY.has(w) || MONTHS.some((m) => w.startsWith(m))) return true;
    if (FRIDAY_KK.has(w) || DAY_WORDS.some((d) => w.startsWith(d))) return true;
    if (/^\d+$/.test(w)) {
      const next = ws[i + 1] ?? '';
      if (UNITS.some((u) => next.startsWith(u))) return true;
      if (TERM_BEFORE.has(ws[i - 1] ?? '')) return true;
    }
    return false;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Matching.
// ---------------------------------------------------------------------------------------------------------------

/** Start and end (inclusive) of each place where the phrase's stems occur in order, with at most `gap` words between. */
function find(tokens: Token[], p: Phrase, gap = 2): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!sameStem(tokens[i].stem, p.stems[0])) continue;
    let at = i;
    let ok = true;
    for (let j = 1; j < p.stems.length && ok; j++) {
      ok = false;
      for (let k = at + 1; k <= at + 1 + gap && k < tokens.length; k++)
        if (sameStem(tokens[k].stem, p.stems[j])) {
          at = k;
          ok = true;
          break;
        }
    }
    if (ok) out.push([i, at]);
  }
  return out;
}

/** Distinct phrases found: a phrase whose words were all taken by a longer phrase does not count again. */
function findAll(tokens: Token[], list: Phrase[]): Array<{ phrase: Phrase; at: [number, number] }> {
  const taken = new Set<number>();
  const out: Array<{ phrase: Phrase; at: [number, number] }> = [];
  for (const p of list)
    for (const at of find(tokens, p)) {
      const span = Array.from({ length: at[1] - at[0] + 1 }, (_, k) => at[0] + k);
      if (span.every((k) => taken.has(k))) continue;
      span.forEach((k) => taken.add(k));
      out.push({ phrase: p, at });
    }
  return out;
}

/** Stop words and words every answer or appeal uses; they say nothing about the problem. */
const STOP = new Set(
  tokenize(
    'в во на по с со к ко и а но не ни что это как для от до из у о об за при уже ваш ваше вашего вам вас мы я он она они их его ее ' +
      'был была было были будет будут есть нет так же ли бы уважаемый уважаемая сообщаем обращение вопрос заявитель ул улица г город ' +
      'просим прошу данный данному также того этого который которая',
    'ru',
  )
    .map((t) => t.stem)
    .concat(tokenize('және мен бен пен бойынша туралы үшін сіздің сізге сіз біз бұл осы ол бар жоқ да де өтініш мәселе көше қала', 'kk').map((t) => t.stem))
    .concat(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'your', 'we', 'is', 'wa', 'ha', 'have', 'been', 'and', 'for', 'appeal']),
);

/** Words of each sphere (the part of the category before the dot), in Russian and Kazakh: an answer about
 * «отопление» addresses a heating appeal even when it repeats none of the citizen's words. */
const SPHERE_WORDS: Record<string, { ru: string; kk: string }> = {
  heating: { ru: 'отопление тепло теплосеть теплотрасса батарея радиатор горячая вода', kk: 'жылу батарея ыстық су' },
  electricity: { ru: 'свет электричество электроэнергия напряжение трансформатор', kk: 'электр жарық кернеу' },
  water: { ru: 'вода водопровод канализация люк труба прорыв', kk: 'су кәріз құбыр' },
  gas: { ru: 'газ газоснабжение', kk: 'газ' },
  street_lighting: { ru: 'фонарь освещение свет', kk: 'шам жарық' },
  snow_flood: { ru: 'снег гололед наледь сосульки подтопление', kk: 'қар көктайғақ мұз' },
  roads: { ru: 'дорога яма асфальт покрытие ремонт тротуар светофор', kk: 'жол шұңқыр асфальт' },
  sanitation: { ru: 'мусор контейнер вывоз свалка', kk: 'қоқыс' },
  public_transport: { ru: 'автобус маршрут остановка интервал', kk: 'автобус аялдама' },
  housing: { ru: 'крыша кровля подъезд квартира', kk: 'шатыр пәтер' },
  improvement: { ru: 'площадка качели лавочка двор дерево', kk: 'аула алаң' },
};

const content = (tokens: Token[]) => tokens.filter((t) => !STOP.has(t.stem) && (t.stem.length >= 3 || /^\d+$/.test(t.stem)));

function sphereStems(category: string | undefined): string[] {
  const s = SPHERE_WORDS[(category ?? '').split('.')[0]];
  return s ? [...tokenize(s.ru, 'ru'), ...tokenize(s.kk, 'kk')].map((t) => t.stem) : [];
}

/**
 * Scores how much an answer to a citizen's appeal looks like a formal brush-off («отписка»).
 *
 * Each signal found adds a reason with a weight wᵢ ∈ [0, 1); the signals are treated as independent pieces of
 * evidence and combined by a noisy-OR: **score = 1 − Π(1 − wᵢ)**, rounded to two decimals (0 when nothing is
 * found, never above 1). Signals and weights ({@link FORMAL_WEIGHTS}):
 * - `too_short` — under 5 words 0.4, under 9 words 0.2 (halved when a concrete action is reported);
 * - `template_phrase` — brush-off formulas matched on stems, in order, up to two words apart («ваше обращение
 *   рассмотрено», «принято к сведению», «в установленном порядке», «при наличии финансирования», «сіздің өтінішіңіз
 *   қаралды», «түсіндірілді» …): 0.35, +0.1 per further distinct phrase, at most 0.55;
 * - `only_redirect` — sends the citizen or the appeal elsewhere and reports no action: 0.45;
 * - `law_citation_only` — cites a law, article or code and reports no action: 0.35;
 * - `no_action` — no concrete, done, non-negated action verb (устранено, вывезено, восстановлено, жөнделді,
 *   шығарылды, қалпына келтірілді …; «будет выполнено», «не устранено», «тазартылмаған» do not count): 0.35;
 * - `no_date` — no date, time, weekday, relative day or term (25.11.2026, 18:00, «до 1 декабря», «в течение 3 дней»,
 *   «ертеңге дейін»): 0.35;
 * - `passive_promise` — promises instead of reporting («будет рассмотрено», «планируется», «жақын арада»): 0.3
 *   without any date, 0.1 with one;
 * - `no_overlap_with_appeal` — the answer shares no content stem with the appeal text or its sphere's vocabulary
 *   (0.3), or one stem only with an appeal of 6+ content words (0.15). When the answer and the appeal are in
 *   different languages only numbers (house numbers) and the bilingual sphere vocabulary are compared. Skipped
 *   when there is too little to compare.
 *
 * So a template reply with no action and no date scores ≥ 0.6 (1 − 0.65·0.65·0.65 ≈ 0.73); a concrete action
 * with a date and a mention of the problem scores 0; an action without a date lands in between (0.35).
 *
 * @param answer the executor's answer text
 * @param appeal the appeal it answers: its text (for overlap) and category such as `heating.no_heat` (for the sphere)
 */
export function scoreFormalReply(answer: string, appeal?: { text?: string; category?: string }): { score: number; reasons: FormalReason[] } {
  const W = FORMAL_WEIGHTS;
  const reasons: FormalReason[] = [];
  const add = (code: string, weight: number, detail: string) => reasons.push({ code, weight: Math.round(weight * 100) / 100, detail });
  const lang: Lang = detectLang(answer);
  const tokens = tokenize(answer, lang);
  const n = tokens.filter((t) => /\p{L}/u.test(t.word)).length;
  const dated = hasDate(answer);

  // actions, with negation and promise context
  let done: string | null = null;
  let promised: string | null = null;
  for (const { phrase, at } of findAll(tokens, ACTIONS)) {
    const span = tokens.slice(at[0], at[1] + 1);
    const before = tokens.slice(Math.max(0, at[0] - 3), at[0]);
    const after = tokens.slice(at[1] + 1, at[1] + 3);
    const negated =
      RU_NEGATION.has(tokens[at[0] - 1]?.word ?? '') ||
      span.some((t) => t.lang === 'kk' && KK_NEGATED.test(t.word)) ||
      after.some((t) => t.word === 'жоқ' || t.word === 'емес');
    if (negated) continue;
    const promise =
      before.some((t) => PROMISE_CONTEXT.some((p) => sameStem(t.stem, p.stems[0]))) ||
      span.some((t) => t.lang === 'kk' && KK_FUTURE.test(t.word)) ||
      after.some((t) => PROMISE_AFTER.some((p) => sameStem(t.stem, p.stems[0])));
    if (promise) promised ??= phrase.text;
    else done ??= phrase.text;
  }
  const promiseFound = promised ?? findAll(tokens, PROMISES)[0]?.phrase.text ?? null;

  if (n < 5) add('too_short', done ? W.tooShort / 2 : W.tooShort, `${n} words`);
  else if (n < 9) add('too_short', done ? W.shortish / 2 : W.shortish, `${n} words`);

  const tpl = findAll(tokens, TEMPLATES);
  if (tpl.length)
    add('template_phrase', Math.min(W.template + W.templateStep * (tpl.length - 1), W.templateMax), `template phrases: ${tpl.map((t) => `«${t.phrase.text}»`).join(', ')}`);

  const redirect = findAll(tokens, REDIRECT)[0];
  if (redirect && !done) add('only_redirect', W.onlyRedirect, `sends the citizen elsewhere («${redirect.phrase.text}») and reports no action`);
  const law = findAll(tokens, LAW)[0]?.phrase.text ?? (LAW_REF.test(answer.toLowerCase()) ? 'ст./п.' : null);
  if (law && !done) add('law_citation_only', W.lawCitationOnly, `cites the law («${law}») and reports no action`);

  if (!done) add('no_action', W.noAction, 'no concrete action reported as done');
  if (!dated) add('no_date', W.noDate, 'no date, time or term');
  if (promiseFound) add('passive_promise', dated ? W.datedPromise : W.passivePromise, `promises instead of reporting («${promiseFound}»)${dated ? ', with a term' : ', with no term'}`);

  const overlap = overlapReason(tokens, lang, appeal);
  if (overlap) add('no_overlap_with_appeal', overlap.weight, overlap.detail);

  const score = 1 - reasons.reduce((p, r) => p * (1 - r.weight), 1);
  return { score: Math.round(Math.min(1, Math.max(0, score)) * 100) / 100, reasons };
}

function overlapReason(tokens: Token[], lang: Lang, appeal?: { text?: string; category?: string }): { weight: number; detail: string } | null {
  const sphere = sphereStems(appeal?.category);
  if (!appeal?.text) return null;
  const appealLang = detectLang(appeal.text);
  const own = content(tokenize(appeal.text, appealLang)).map((t) => t.stem);
  const comparable = appealLang === lang ? own : own.filter((s) => /^\d+$/.test(s));
  const vocab = [...new Set([...comparable, ...sphere])];
  if (vocab.length < 2) return null;
  const answer = content(tokens).map((t) => t.stem);
  const hits = vocab.filter((v) => answer.some((a) => sameStem(a, v)));
  if (hits.length === 0) return { weight: FORMAL_WEIGHTS.noOverlap, detail: 'does not mention anything the citizen wrote about' };
  const ownHits = hits.filter((h) => comparable.includes(h));
  if (appealLang === lang && new Set(own).size >= 6 && ownHits.length <= 1 && hits.length <= 1)
    return { weight: FORMAL_WEIGHTS.lowOverlap, detail: `shares one word with the appeal («${hits[0]}»)` };
  return null;
}
