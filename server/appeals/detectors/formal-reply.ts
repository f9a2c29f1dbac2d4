// Formal brush-off replies («отписки»): an answer that closes the case without acting on it. Scored 0–1 from
// independent signals, each with a weight; score = 1 − Π(1 − wᵢ). Works on Russian and Kazakh (and English) by
// comparing light stems, not exact strings.

export interface FormalReason {
  code: string;
  weight: number;
  detail: string;
}

export const FORMAL_THRESHOLD = 0.6;

const RU_ENDINGS = /(иями|ями|ами|ого|его|ому|ему|ыми|ими|ость|ости|ение|ения|ении|ании|ание|ания|ться|тся|ешь|ете|ует|уют|ают|яют|ит|ят|ать|ять|ить|еть|ыть|ла|ло|ли|ый|ий|ой|ая|яя|ое|ее|ые|ие|ам|ям|ах|ях|ом|ем|ов|ев|ей|ию|ия|ие|ы|и|а|я|о|е|у|ю|ь|й)$/u;
const KK_ENDINGS = /(ларыңыз|леріңіз|лардың|лердің|тардың|тердің|дардың|дердің|ларға|лерге|ларда|лерде|лары|лері|ныңыз|ніңіз|іңіз|ыңыз|ның|нің|дың|дің|тың|тің|лар|лер|дар|дер|тар|тер|ға|ге|қа|ке|да|де|та|те|ды|ді|ты|ті|ған|ген|қан|кен|ды|ді|сы|сі|ы|і|у)$/u;

/** Lowercase, ё→е, letters only, light suffix stripping (Russian and Kazakh); words of ≤ 3 letters kept whole. */
export function stems(text: string): string[] {
  return (text.toLowerCase().replace(/ё/g, 'е').match(/[\p{L}\d]+/gu) ?? []).map((w) => {
    if (w.length <= 4 || /^\d+$/.test(w)) return w;
    let s = w.replace(KK_ENDINGS, '');
    if (s === w) s = w.replace(RU_ENDINGS, '');
    return s.length >= 3 ? s.slice(0, 7) : w.slice(0, 7);
  });
}

const phrase = (p: string) => stems(p).join(' ');
const has = (hay: string, needle: string) => (' ' + hay + ' ').includes(' ' + needle + ' ');

const TEMPLATES = [
  'ваше обращение рассмотрено',
  'обращение рассмотрено',
  'принято к сведению',
  'будет рассмотрено в установленном порядке',
  'в установленном порядке',
  'в рамках компетенции',
  'в пределах компетенции',
  'разъяснено',
  'даны разъяснения',
  'при наличии финансирования',
  'при выделении средств',
  'включено в план',
  'будет включено в план',
  'в порядке очередности',
  'по мере возможности',
  'вопрос находится на контроле',
  'взято на контроль',
  'сіздің өтінішіңіз қаралды',
  'өтінішіңіз қаралды',
  'түсіндірілді',
  'назарға алынды',
  'қаржыландыру болған жағдайда',
  'your appeal has been considered',
  'taken into account',
].map(phrase);
const REDIRECT = ['направлено по компетенции', 'перенаправлено', 'направлено в', 'переадресовано', 'обратитесь в', 'рекомендуем обратиться', 'құзыретіне сәйкес жолданды', 'жолданды', 'жүгінуіңізге болады', 'forwarded to'].map(phrase);
const LAW = ['в соответствии с законом', 'согласно статье', 'в соответствии со статьей', 'законодательством', 'кодекса', 'заңға сәйкес', 'бабына сәйкес', 'заңнамасына', 'according to the law'].map(phrase);
const ACTIONS = [
  'выполнено', 'выполнены', 'устранено', 'устранена', 'устранил', 'отремонтировано', 'отремонтирована', 'заменено', 'заменена', 'заменен',
  'вывезен', 'вывезено', 'восстановлено', 'восстановлена', 'очищено', 'очищена', 'убрано', 'убрана', 'расчищен', 'проведены работы',
  'установлен', 'установлено', 'засыпана', 'заасфальтирована', 'подключено', 'выехала', 'произведен', 'ликвидирован',
  'жөнделді', 'ауыстырылды', 'тазартылды', 'шығарылды', 'қалпына келтірілді', 'орнатылды', 'жойылды',
  'repaired', 'replaced', 'removed', 'restored', 'fixed', 'cleaned',
].map(phrase);
const DATE = /\b\d{1,2}[./]\d{1,2}([./]\d{2,4})?\b|\b\d{1,2}:\d{2}\b|\b(до|к|в течение|не позднее)\s+\d+|\b\d+\s*(дн|час|сут|күн|сағат)|(январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)|(понедельник|вторник|сред[ау]|четверг|пятниц|суббот|завтра|сегодня|ертең|бүгін)/iu;

/** Scores an answer; `appeal.text` lets it check that the answer speaks about the problem at all. */
export function scoreFormalReply(answer: string, appeal?: { text?: string; category?: string }): { score: number; reasons: FormalReason[] } {
  const reasons: FormalReason[] = [];
  const st = stems(answer);
  const joined = st.join(' ');
  const words = st.length;
  const add = (code: string, weight: number, detail: string) => reasons.push({ code, weight, detail });

  if (words < 8) add('too_short', words < 4 ? 0.5 : 0.3, `${words} words`);
  const tpl = TEMPLATES.filter((t) => has(joined, t));
  if (tpl.length) add('template_phrase', Math.min(0.35 + 0.1 * (tpl.length - 1), 0.55), `template phrases: ${tpl.length}`);
  const action = ACTIONS.some((a) => has(joined, a));
  const redirect = REDIRECT.some((r) => has(joined, r));
  const law = LAW.some((l) => has(joined, l));
  if (redirect && !action) add('only_redirect', 0.4, 'sends the citizen elsewhere and reports no action');
  if (law && !action) add('law_citation_only', 0.3, 'cites the law and reports no action');
  if (!action) add('no_action', 0.3, 'no concrete action reported');
  if (!DATE.test(answer)) add('no_date', action ? 0.1 : 0.2, 'no date, time or term');
  if (appeal?.text) {
    const a = new Set(stems(appeal.text).filter((w) => w.length >= 4));
    const overlap = st.filter((w) => a.has(w)).length;
    if (a.size >= 3 && overlap === 0) add('no_overlap_with_appeal', 0.25, 'does not mention anything the citizen wrote about');
  }
  const score = 1 - reasons.reduce((p, r) => p * (1 - r.weight), 1);
  return { score: Math.round(Math.min(1, score) * 100) / 100, reasons };
}
