// Messages of the triage queue and the creator's own appeals (issue 12 item 1): the queue's views ("Все",
// "Мои", "Триаж" with its count), the district picker of an appeal whose district is unknown, its step in the
// timeline, and the intake form's note. Registered under the `triage` namespace in ../i18n/index.ts.
const ru = {
  views: 'Представления очереди',
  all: 'Все',
  mine: 'Мои',
  triage: 'Триаж',
  triageCount: 'без района: {n}',
  hint: {
    triage: 'Обращения, у которых не определён район. Выберите район — обращение уйдёт в очередь этого района.',
    triageOwn: 'Ваши обращения без района. Выберите район вашей территории — или их распределит центр.',
    mine: 'Обращения, которые зарегистрировали вы, — в каком бы районе они ни были.',
  },
  empty: {
    triage: 'Все обращения распределены по районам',
    mine: 'Вы ещё не зарегистрировали ни одного обращения',
  },
  unknown: 'Район не определён',
  inTriage: 'Обращение в триаже: район не определён, поэтому его видят только центр и тот, кто его зарегистрировал. Выберите район, чтобы передать его в очередь района.',
  inTriageReadonly: 'Обращение в триаже: район определит центр.',
  pick: 'Район',
  choose: 'выберите район',
  move: 'Передать в район',
  moving: 'Передаём…',
  moved: 'Передано: {district}',
  event: 'Передано в район',
  intakeNote: 'Без района обращение попадёт в триаж: его увидят центр и вы, пока район не будет выбран.',
  queued: 'Обращение принято: база данных недоступна, оно будет зарегистрировано, когда она вернётся. Его найдёте во вкладке «Мои».',
};

const kk: typeof ru = {
  views: 'Кезек көріністері',
  all: 'Барлығы',
  mine: 'Менікі',
  triage: 'Триаж',
  triageCount: 'ауданы жоқ: {n}',
  hint: {
    triage: 'Ауданы анықталмаған өтініштер. Ауданды таңдаңыз — өтініш сол ауданның кезегіне өтеді.',
    triageOwn: 'Ауданы жоқ өз өтініштеріңіз. Өз аумағыңыздағы ауданды таңдаңыз — немесе оларды орталық бөледі.',
    mine: 'Сіз тіркеген өтініштер — қай ауданда болса да.',
  },
  empty: {
    triage: 'Барлық өтініштер аудандарға бөлінген',
    mine: 'Сіз әлі бірде-бір өтініш тіркеген жоқсыз',
  },
  unknown: 'Ауданы анықталмаған',
  inTriage: 'Өтініш триажда: ауданы анықталмаған, сондықтан оны тек орталық пен оны тіркеген адам көреді. Аудан кезегіне беру үшін ауданды таңдаңыз.',
  inTriageReadonly: 'Өтініш триажда: ауданын орталық анықтайды.',
  pick: 'Аудан',
  choose: 'ауданды таңдаңыз',
  move: 'Ауданға беру',
  moving: 'Беріліп жатыр…',
  moved: 'Берілді: {district}',
  event: 'Ауданға берілді',
  intakeNote: 'Ауданы көрсетілмесе, өтініш триажға түседі: аудан таңдалғанша оны орталық пен сіз көресіз.',
  queued: 'Өтініш қабылданды: дерекқор қолжетімсіз, ол қайта қосылғанда тіркеледі. Оны «Менікі» қойындысынан табасыз.',
};

const en: typeof ru = {
  views: 'Queue views',
  all: 'All',
  mine: 'Mine',
  triage: 'Triage',
  triageCount: 'without a district: {n}',
  hint: {
    triage: 'Appeals whose district is unknown. Choose a district and the appeal moves into that district’s queue.',
    triageOwn: 'Your appeals without a district. Choose a district of your territory — or the centre will place them.',
    mine: 'Appeals you registered, whatever their district.',
  },
  empty: {
    triage: 'Every appeal has its district',
    mine: 'You have not registered any appeals yet',
  },
  unknown: 'District unknown',
  inTriage: 'This appeal is in triage: its district is unknown, so only the centre and whoever registered it can see it. Choose a district to move it into that district’s queue.',
  inTriageReadonly: 'This appeal is in triage: the centre will choose its district.',
  pick: 'District',
  choose: 'choose a district',
  move: 'Move to district',
  moving: 'Moving…',
  moved: 'Moved: {district}',
  event: 'Moved to a district',
  intakeNote: 'Without a district the appeal goes to triage: the centre and you see it until a district is chosen.',
  queued: 'Appeal accepted: the database is unavailable and it will be registered when it returns. You will find it under “Mine”.',
};

export default { ru, kk, en };
