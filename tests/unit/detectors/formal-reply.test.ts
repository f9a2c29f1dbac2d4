import { describe, expect, it } from 'vitest';
import { FORMAL_THRESHOLD, hasDate, scoreFormalReply } from '../../../server/appeals/detectors/formal-reply';
import { detectLang, sameStem, stemKk, stemRu, stems } from '../../../server/appeals/detectors/stem';

const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

const HEAT_RU = { text: 'Нет отопления во всём подъезде второй день, батареи холодные', category: 'heating.no_heat' };
const HEAT_KK = { text: 'Пәтерде жылу жоқ, батареялар суық', category: 'heating.no_heat' };
const SNOW_RU = { text: 'Во дворе дома Кенесары 40 не вывозят снег уже неделю, машины не могут проехать', category: 'snow_flood.yard' };
const SNOW_KK = { text: 'Кенесары 40 үйдің ауласы қардан тазартылмаған, көліктер өте алмайды', category: 'snow_flood.yard' };
const ROAD_RU = { text: 'Огромная яма на дороге у школы №12 по улице Абая', category: 'roads.repair' };
const LIGHT_KK = { text: 'Көшедегі шамдар бір аптадан бері жанбайды', category: 'street_lighting.out' };

describe('light stemmer', () => {
  it('maps Russian inflections of a template word to one stem', () => {
    expect(new Set(['рассмотрено', 'рассмотрена', 'рассмотрены', 'рассмотрен', 'рассмотрев'].map(stemRu))).toEqual(new Set(['рассмотр']));
    expect(new Set(['обращение', 'обращения', 'обращений', 'обращению'].map(stemRu))).toEqual(new Set(['обращен']));
    expect(stemRu('установленном')).toBe(stemRu('установленные'));
    expect(stemRu('устранено')).toBe(stemRu('устранила'));
  });

  it('strips stacked Kazakh suffixes: plural, possessive, case', () => {
    expect(new Set(['өтінішіңіз', 'өтініштеріңіз', 'өтінішіңізді', 'өтініштер'].map(stemKk))).toEqual(new Set(['өтініш']));
    expect(new Set(['қаралды', 'қаралған', 'қаралып'].map(stemKk))).toEqual(new Set(['қарал']));
    expect(stemKk('заңға')).toBe('заң');
    expect(stemKk('заңына')).toBe('заң');
    expect(stemKk('құзыретіне')).toBe('құзырет');
    expect(stemKk('ауласындағы')).toBe('аула');
    expect(stemKk('жылу')).toBe('жылу'); // "heat" must not become жыл "year"
  });

  it('normalises case, ё and punctuation, and keeps negation apart', () => {
    expect(stems('Вывезён!')).toEqual(stems('вывезен'));
    expect(sameStem(stemKk('тазартылды'), stemKk('тазартылмаған'))).toBe(false);
    expect(sameStem(stemRu('выполнено'), stemRu('выполнение'))).toBe(false);
  });

  it('tells Kazakh from Russian per text, also for words without Kazakh-only letters', () => {
    expect(detectLang('Сіздің өтінішіңіз жолданды')).toBe('kk');
    expect(detectLang('Во дворе дома по ул. Бейбітшілік 4 снег вывезен')).toBe('ru');
    expect(detectLang('Your appeal has been considered')).toBe('en');
  });
});

describe('dates and terms', () => {
  it.each([
    '25.11.2026', 'отопление восстановлено 23.11 в 18:00', 'до 1 декабря', 'в течение 3 дней', 'ертеңге дейін', '3 күн ішінде',
    'в пятницу', '24 қарашада', 'by Friday',
  ])('finds a date in «%s»', (s) => expect(hasDate(s)).toBe(true));
  it.each(['Ваше обращение рассмотрено', 'дом 40 по улице Кенесары', 'маяк'])('finds no date in «%s»', (s) => expect(hasDate(s)).toBe(false));
});

describe('formal replies («отписки»)', () => {
  it.each([
    ['template + law, Russian', 'Ваше обращение рассмотрено. Разъяснено в соответствии с законодательством.', ROAD_RU, ['template_phrase', 'law_citation_only', 'no_action', 'no_date', 'no_overlap_with_appeal']],
    ['accepted for information, considered in due course, subject to funding', 'Обращение принято к сведению и будет рассмотрено в установленном порядке при наличии финансирования.', HEAT_RU, ['template_phrase', 'passive_promise', 'no_action', 'no_date']],
    ['Kazakh template + law', 'Сіздің өтінішіңіз қаралды, заңға сәйкес түсіндірілді.', HEAT_KK, ['template_phrase', 'law_citation_only', 'no_action', 'no_date', 'no_overlap_with_appeal']],
    ['redirect only, Russian', 'Ваше обращение направлено по компетенции в ГУ «Управление энергетики и ЖКХ города Астаны».', HEAT_RU, ['only_redirect', 'no_action', 'no_date']],
    ['redirect only, Kazakh', 'Сіздің өтінішіңіз құзыретіне сәйкес «Астана-Теплотранзит» АҚ-ға жолданды.', HEAT_KK, ['only_redirect', 'no_action', 'no_date']],
    ['law citation only', 'Согласно ст. 12 Закона РК «О благоустройстве территорий» содержание придомовой территории возлагается на ОСИ.', SNOW_RU, ['law_citation_only', 'no_action', 'no_date']],
    ['planned for next year', 'Ремонт дороги по улице Абая включён в план на следующий год и будет выполнен при выделении бюджетных средств.', ROAD_RU, ['template_phrase', 'passive_promise', 'no_action', 'no_date']],
    ['just "noted"', 'Принято к сведению.', ROAD_RU, ['too_short', 'template_phrase', 'no_action', 'no_date']],
    ['Kazakh promise, no term', 'Өтінішіңіз белгіленген тәртіппен қаралатын болады.', LIGHT_KK, ['template_phrase', 'passive_promise', 'no_action', 'no_date']],
    ['negated action and a vague promise', 'Неисправность пока не устранена, работы будут проведены в ближайшее время.', HEAT_RU, ['passive_promise', 'no_action', 'no_date']],
    ['Kazakh: not cleaned yet, being planned', 'Аула әлі тазартылмаған, жұмыс жоспарлануда.', SNOW_KK, ['passive_promise', 'no_action', 'no_date']],
    ['English brush-off', 'Your appeal has been considered and forwarded to the district akimat.', ROAD_RU, ['template_phrase', 'only_redirect', 'no_action']],
  ])('flags %s', (_name, answer, appeal, expected) => {
    const r = scoreFormalReply(answer, appeal);
    expect(r.score).toBeGreaterThanOrEqual(FORMAL_THRESHOLD);
    expect(codes(r)).toEqual(expect.arrayContaining(expected));
  });

  it.each([
    ['snow removed, Russian', 'Во дворе дома по ул. Кенесары 40 снег вывезен 24.11.2026, проезд расчищен, фотоотчёт приложен', SNOW_RU],
    ['heating restored', 'Аварийная бригада АО Астана-Теплотранзит устранила порыв на теплотрассе, отопление восстановлено 23.11 в 18:00', HEAT_RU],
    ['snow removed, Kazakh', 'Кенесары көшесі 40 үйдің ауласындағы қар 24.11.2026 шығарылды, аула тазартылды, фотоесеп қоса беріледі.', SNOW_KK],
    ['heating restored, Kazakh', 'Жылу беру 23 қарашада сағат 18:00-де қалпына келтірілді, құбырдағы ақау жойылды.', HEAT_KK],
    ['lamps replaced, Kazakh', 'Көшедегі 6 шам 25.11.2026 ауыстырылды, жарық қалпына келтірілді.', LIGHT_KK],
    ['pothole patched, Russian', 'Яма на дороге у школы №12 по ул. Абая засыпана и заасфальтирована 25.11.2026, акт выполненных работ приложен.', ROAD_RU],
    ['English repair', 'The pothole on Abay street near school 12 was repaired on 24.11.2026.', { text: 'Pothole on Abay street near school 12', category: 'roads.repair' }],
  ])('passes a genuine answer: %s', (_name, answer, appeal) => {
    const r = scoreFormalReply(answer, appeal);
    expect(r.score).toBeLessThan(0.3);
    expect(codes(r)).not.toContain('no_action');
    expect(codes(r)).not.toContain('template_phrase');
  });

  it('catches inflected variants of the same template (stemming, not exact strings)', () => {
    const variants = [
      'Ваше обращение рассмотрено.',
      'Ваши обращения рассмотрены.',
      'Ваше обращение было рассмотрено.',
      'Рассмотрев Ваше обращение, сообщаем следующее.',
      'Информация принята к сведению.',
      'Обращения рассмотрены в установленные сроки.',
    ];
    for (const v of variants) {
      const r = scoreFormalReply(v, ROAD_RU);
      expect(codes(r), v).toContain('template_phrase');
      expect(r.score, v).toBeGreaterThanOrEqual(FORMAL_THRESHOLD);
    }
    for (const v of ['Сіздің өтінішіңіз қаралды.', 'Сіздің өтініштеріңіз қаралды.', 'Өтінішіңіз қаралып, түсініктеме берілді.', 'Өтінішіңізге сәйкес мәселе түсіндірілді.']) {
      const r = scoreFormalReply(v, LIGHT_KK);
      expect(codes(r), v).toContain('template_phrase');
      expect(r.score, v).toBeGreaterThanOrEqual(FORMAL_THRESHOLD);
    }
  });

  it('puts a real action without a date in between', () => {
    for (const [answer, appeal] of [
      ['Снег во дворе дома по ул. Кенесары 40 вывезен, проезд расчищен.', SNOW_RU],
      ['Ауладағы қар шығарылды, жол тазартылды.', SNOW_KK],
    ] as const) {
      const r = scoreFormalReply(answer, appeal);
      expect(r.score, answer).toBeGreaterThanOrEqual(0.3);
      expect(r.score, answer).toBeLessThan(FORMAL_THRESHOLD);
      expect(codes(r)).toContain('no_date');
      expect(codes(r)).not.toContain('no_action');
    }
  });

  it('treats a dated promise as unresolved but not as a brush-off', () => {
    const r = scoreFormalReply('Ремонт покрытия будет выполнен до 1 декабря.', ROAD_RU);
    expect(codes(r)).toEqual(expect.arrayContaining(['no_action', 'passive_promise']));
    expect(codes(r)).not.toContain('no_date');
    expect(r.score).toBeGreaterThanOrEqual(0.3);
    expect(r.score).toBeLessThan(FORMAL_THRESHOLD);
  });

  it('notices an answer about something else than the appeal', () => {
    const on = scoreFormalReply('Отопление восстановлено 23.11 в 18:00, батареи прогреты.', HEAT_RU);
    const off = scoreFormalReply('Мусор во дворе вывезен 23.11 в 18:00, контейнеры промыты.', HEAT_RU);
    expect(codes(on)).not.toContain('no_overlap_with_appeal');
    expect(codes(off)).toContain('no_overlap_with_appeal');
    expect(off.score).toBeGreaterThan(on.score);
  });

  it('combines weights as 1 − Π(1 − w) and stays within [0, 1]', () => {
    for (const a of ['', 'Принято к сведению.', 'Во дворе дома по ул. Кенесары 40 снег вывезен 24.11.2026, проезд расчищен']) {
      const r = scoreFormalReply(a, SNOW_RU);
      const expected = 1 - r.reasons.reduce((p, x) => p * (1 - x.weight), 1);
      expect(r.score).toBeCloseTo(expected, 2);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(scoreFormalReply('Во дворе дома по ул. Кенесары 40 снег вывезен 24.11.2026, проезд расчищен', SNOW_RU)).toEqual({ score: 0, reasons: [] });
  });

  it('works without the appeal (no overlap check)', () => {
    const r = scoreFormalReply('Ваше обращение рассмотрено в рамках компетенции.');
    expect(codes(r)).not.toContain('no_overlap_with_appeal');
    expect(r.score).toBeGreaterThanOrEqual(FORMAL_THRESHOLD);
  });

  it('compares only numbers and the sphere vocabulary across languages', () => {
    // a Kazakh answer to a Russian appeal: no shared words, but the house number and жылу/отопление are topical
    const r = scoreFormalReply('Кенесары 40 үйде жылу 23.11.2026 сағат 18:00-де қалпына келтірілді.', { text: 'Нет отопления в доме Кенесары 40', category: 'heating.no_heat' });
    expect(codes(r)).not.toContain('no_overlap_with_appeal');
    expect(r.score).toBeLessThan(0.3);
  });
});
