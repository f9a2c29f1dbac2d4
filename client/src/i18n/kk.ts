import type ru from './ru';
const kk: typeof ru = {
  app: { title: 'Жағдаяттық орталық', city: 'Астана' },
  nav: { wall: 'Экран', appeals: 'Өтініштер', problems: 'Жүйелі мәселелер', logout: 'Шығу' },
  conn: { live: 'Тікелей эфир', connecting: 'Қосылуда…', reconnecting: 'Қайта қосылуда…', replaying: 'Өткізілгенін жүктеуде…', resyncing: 'Суретті жаңарту…', offline: 'Байланыс жоқ' },
  counters: { appeals: 'Соңғы сағаттағы өтініштер', incidents: 'Камера оқиғалары', vehicles: 'Желідегі техника', outages: 'Ажыратулар', overdue: 'Мерзімі өткен', atRisk: 'Қауіп бар', onTime: 'Мерзімінде' },
  panels: { rates: 'Ағын, хабар/с', categories: 'Санаттар бойынша өтініштер, сағат', services: 'Коммуналдық қызметтер', alarms: 'Дабылдар', sla: 'Аудандар бойынша мерзімдер', map: 'Карта' },
  streams: { appeals: 'Өтініштер', incidents: 'Камералар', gps: 'GPS', status: 'Қызметтер', alarms: 'Дабылдар' },
  services: { heat: 'Жылу', power: 'Жарық', water: 'Су', gas: 'Газ' },
  states: { ok: 'қалыпты', degraded: 'іркіліс', outage: 'ажыратылған' },
  empty: { waiting: 'Деректер күтілуде…', noAlarms: 'Дабыл жоқ', noAppeals: 'Сүзгі бойынша өтініш жоқ', noProblems: 'Жүйелі мәселелер анықталмады' },
  legend: { appeals: 'Соңғы сағаттағы өтініштер' },
  layers: { vehicles: 'Техника', appeals: 'Өтініштер', incidents: 'Оқиғалар', choropleth: 'Аудандар' },
  help: { title: 'Пернелер', fullscreen: 'толық экран', language: 'тіл', layers: 'карта қабаттары', help: 'осы анықтама', next: 'келесі', prev: 'алдыңғы', open: 'ашу', search: 'іздеу', close: 'жабу' },
  login: { title: 'Кіру', username: 'Логин', password: 'Құпиясөз', submit: 'Кіру', failed: 'Логин немесе құпиясөз қате', tooMany: 'Әрекет тым көп, күте тұрыңыз' },
  appeals: {
    new: 'Жаңа өтініш', channel: 'Арна', address: 'Мекенжай', register: 'Тіркеу', possibleRepeats: 'Ықтимал қайталаулар (50 м, 30 күн)', noneNearby: 'Жақын жерде өтініш жоқ',
    title: 'Өтініштер кезегі', number: 'Нөмір', registered: 'Түсті', category: 'Санат', district: 'Аудан', executor: 'Орындаушы', status: 'Мәртебе', due: 'Мерзім', sla: 'SLA', flags: 'Белгілер', text: 'Мәтін',
    all: 'Барлығы', search: 'Нөмір немесе мәтін…', more: 'Тағы', timeline: 'Тарих', repeats: 'Қайталанған', findings: 'Детектор қорытындылары', citizen: 'Өтініш беруші', answer: 'Жауап', actions: 'Әрекеттер', reason: 'Себебі', org: 'Ұйым', until: 'Дейін ұзарту', apply: 'Орындау', formalScore: 'Формалды жауап белгілері', back: 'Кезекке', photos: 'Фотоесеп', upload: 'Фото жүктеу', predicted: 'Болжамды орындалу', about: 'Шағым',
  },
  sla: { on_time: 'мерзімінде', at_risk: 'қауіп бар', overdue: 'мерзімі өткен', met: 'мерзімінде орындалды', missed: 'мерзімі бұзылды' },
  status: { registered: 'тіркелді', assigned: 'орындаушыда', forwarded_competent_body: 'қайта жолданды', in_progress: 'жұмыста', interim_reply: 'аралық жауап', extended: 'ұзартылды', answered: 'жауап берілді', citizen_confirmed: 'шешілді (расталды)', citizen_disputed: 'дауланды', reopened: 'қайта ашылды', closed: 'растаусыз жабылды', rejected: 'бас тартылды', resolved_first_contact: 'бірден шешілді', out_of_scope_court: 'сот мәселесі' },
  action: { assign: 'Тағайындау', forward: 'Қайта жолдау', start: 'Жұмысқа алу', interim: 'Аралық жауап', extend: 'Ұзарту', answer: 'Жауап беру', confirm: 'Өтініш беруші қанағаттанды', dispute: 'Өтініш беруші қанағаттанбады', close_unconfirmed: 'Растаусыз жабу', reject: 'Бас тарту', resolve_first_contact: 'Бірден шешілді', out_of_scope_court: 'Сот мәселесі' },
  flag: { repeat: 'қайталанған', runaround: 'шеңбер бойынша', formal_reply: 'формалды жауап', escalated: 'эскалация', routed_up: 'мүдделер қақтығысы: жоғары', reopened: 'қайта ашылды', disputed: 'дауланды' },
  alarm: { usual: 'әдетте', perHour: 'сағатта', spike: 'Күрт өсу', overdue: 'Мерзімі өтті', at_risk: 'Қауіп', outage: 'Ажырату', systemic: 'Жүйелі мәселе', runaround: 'Шеңбер бойынша', formal_reply: 'Формалды жауап', escalated: 'Эскалация' },
  problems: { title: 'Қаланың жүйелі мәселелер рейтингі', appeals: 'Өтініштер', open: 'Ашық', since: 'Бастап', last: 'Соңғы', monitored: 'бақылауда', solved: 'шешілді' },
};
export default kk;
