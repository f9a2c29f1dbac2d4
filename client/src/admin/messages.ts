// The admin console's texts in ru, kk and en, under the `admin` namespace (registered in client/src/i18n/index.ts).
const ru = {
  admin: {
    title: 'Администрирование',
    menu: 'Разделы',
    nav: { users: 'Пользователи', wallTokens: 'Видеостены', open311: 'Ключи Open311', audit: 'Журнал аудита', deadLetters: 'Отклонённые сообщения', outbox: 'Сообщения гражданам', routing: 'Маршрутизация', organisations: 'Организации' },
    keysHint: 'Клавиши: 1–8 — разделы, / — поиск, n — создать, Esc — закрыть',
    common: {
      loading: 'Загрузка…', retry: 'Повторить', refresh: 'Обновить', failed: 'Не удалось загрузить: {msg}', save: 'Сохранить', edit: 'Изменить', saving: 'Сохранение…', cancel: 'Отмена', create: 'Создать', close: 'Закрыть',
      search: 'Поиск', all: 'Все', copy: 'Копировать', copied: 'Скопировано', copyFailed: 'Не удалось скопировать — выделите и скопируйте вручную', open: 'Открыть', confirm: 'Подтвердить', revoke: 'Отозвать',
      active: 'Действует', showRevoked: 'Показывать отозванные', revoked: 'Отозван {at}', name: 'Название', districts: 'Районы', wholeCity: 'Весь город', createdBy: 'Кто создал', createdAt: 'Создан', status: 'Состояние', actions: 'Действия',
      shownOnce: 'Показываем один раз: после закрытия его не увидит никто, даже администратор. Сохраните сейчас.', older: 'Раньше', newer: 'Позже', first: 'К началу', count: 'Показано: {n}',
      zone: 'Время — {zone} ({label})', system: 'система',
    },
    errors: { network: 'нет связи с сервером — проверьте сеть', forbidden: 'нет прав на этот раздел', server: 'ошибка сервера ({status}), попробуйте ещё раз', expired: 'сессия истекла, войдите снова' },
    invalid: { required: 'Заполните это поле', username: '3–40 символов: строчные латинские буквы, цифры и . _ -', passwordShort: 'Не короче 10 символов', tooLong: 'Слишком длинно', districts: 'Выберите хотя бы один район или «Весь город»', taken: 'Это имя уже занято' },
    roles: { operator: 'Оператор', dispatcher: 'Диспетчер', crew: 'Выездная бригада', executor: 'Исполнитель', department_head: 'Руководитель управления', deputy_akim: 'Заместитель акима', akim: 'Аким', centre_head: 'Руководитель центра', analyst: 'Аналитик', wall_screen: 'Видеостена', admin: 'Администратор' },
    users: {
      new: 'Новый пользователь', edit: 'Изменить: {name}', username: 'Логин', displayName: 'Имя и должность', password: 'Пароль', generate: 'Сгенерировать', role: 'Роль', organisations: 'Организации',
      orgsHint: 'Исполнитель видит обращения только своих организаций', orgSearch: 'Найти организацию…', noOrgs: 'Не выбрано', searchPh: 'Логин или имя…', enabled: 'Активен', disabled: 'Отключён',
      disable: 'Отключить', enable: 'Включить', resetPassword: 'Сбросить пароль', you: 'это вы', empty: 'Пользователей пока нет', noMatch: 'Никто не подходит под фильтр', created: 'Пользователь {name} создан',
      confirmDisable: 'Отключить {name}? Вход и все открытые сессии прекратятся в течение секунды.', confirmReset: 'Сбросить пароль {name}? Старый пароль и все сессии перестанут действовать.',
      newPassword: 'Новый пароль для {name}', initialPassword: 'Пароль для {name}', territory: 'Территория',
    },
    wall: {
      new: 'Новый токен видеостены', namePh: 'Например: Зал ситуационного центра, экран 1', kioskUrl: 'Ссылка для экрана (режим киоска)', kioskHint: 'Откройте эту ссылку в браузере экрана: он войдёт только для просмотра, без пароля.',
      empty: 'Токенов видеостен ещё нет. Создайте первый — и откройте ссылку на экране.', noActive: 'Действующих токенов нет. Отозванные видны с отметкой «Показывать отозванные».', confirmRevoke: 'Отозвать токен «{name}»? Экран с ним отключится в течение секунды.',
    },
    open311: {
      new: 'Новый ключ Open311', namePh: 'Например: Портал eOtinish', key: 'API-ключ', keyHint: 'Передайте ключ внешней системе: она отправляет его в поле api_key.',
      empty: 'Ключей Open311 ещё нет. Внешние системы не могут подавать обращения, пока вы не выдадите ключ.', confirmRevoke: 'Отозвать ключ «{name}»? Система с этим ключом больше не сможет подавать обращения.',
    },
    audit: {
      actor: 'Кто', action: 'Действие', target: 'Объект', since: 'С', until: 'По', ip: 'IP', time: 'Когда', details: 'Подробности', apply: 'Найти', reset: 'Сбросить',
      actorPh: 'логин', targetPh: 'напр. user:12 или appeal:…', empty: 'Записей за этот период нет', verify: 'Проверить цепочку',
      verifying: 'Проверяем…', chainOk: 'Цепочка цела: проверено записей — {n}. Ни одна запись не изменена и не удалена.', chainBroken: 'Цепочка нарушена на записи № {at} (проверено {n}). Запись изменена или удалена в обход приложения — сообщите службе безопасности.',
      yes: 'да', no: 'нет', changed: 'изменён',
      fields: { name: 'название', districts: 'районы', role: 'роль', disabled: 'отключён', username: 'логин', password: 'пароль', organisations: 'организации', displayName: 'имя', reason: 'причина', from: 'было', to: 'стало', org: 'исполнитель', size: 'размер', mime: 'тип файла', messages: 'сообщений', attempts: 'попыток', ips: 'адресов', category: 'категория', district: 'район', parent: 'вышестоящая', kind: 'тип', name_ru: 'название (рус.)', name_kk: 'название (каз.)', name_en: 'название (англ.)', id: 'идентификатор', head: 'руководитель', rules: 'правил', added: 'добавлено', removed: 'удалено', changed: 'изменено', rule: 'правило', before: 'было', after: 'стало' },
      groups: { auth: 'Входы', user: 'Пользователи', wall_token: 'Токены видеостен', open311_key: 'Ключи Open311', routing: 'Маршрутизация', personal: 'Просмотр персональных данных', appeal: 'Обращения', organisation: 'Организации' },
      actions: {
        auth_login: 'Вход', auth_login_failed: 'Неудачный вход', auth_login_failed_unknown: 'Попытки входа под неизвестными логинами', user_create: 'Создан пользователь', user_update: 'Изменён пользователь', user_delete: 'Удалён пользователь',
        wall_token_create: 'Создан токен видеостены', wall_token_revoke: 'Отозван токен видеостены', open311_key_create: 'Выдан ключ Open311', open311_key_revoke: 'Отозван ключ Open311', routing_update: 'Изменены правила маршрутизации', routing_rule_create: 'Добавлено правило маршрутизации', routing_rule_update: 'Изменено правило маршрутизации', routing_rule_delete: 'Удалено правило маршрутизации', organisation_create: 'Добавлена организация', organisation_update: 'Изменена организация',
        personal_view: 'Просмотр персональных данных', appeal_create: 'Зарегистрировано обращение', appeal_photo: 'Добавлено фото', appeal_step: 'Обращение: {step}',
      },
    },
    dead: {
      stream: 'Поток', topic: 'Топик', reason: 'Причина', time: 'Получено', size: 'Размер', payload: 'Сообщение', show: 'Показать сообщение', hide: 'Скрыть',
      hint: 'Сообщения MQTT, которые не прошли проверку и не записаны. Сообщение может содержать контакты граждан.', empty: 'Отклонённых сообщений нет — все данные проходят проверку.', emptyStream: 'В этом потоке отклонённых сообщений нет.', bytes: '{n} Б',
    },
    outbox: {
      hint: 'Только чтение. Каждый просмотр списка записывается в журнал аудита как просмотр персональных данных.', appeal: 'Обращение', channel: 'Канал', recipient: 'Получатель', text: 'Текст', created: 'Создано', sent: 'Отправлено',
      pending: 'ждёт отправки', channels: { sms: 'SMS', email: 'Эл. почта', log: 'Только журнал (контакта нет)' }, empty: 'Сообщений гражданам ещё не было: они появляются, когда исполнитель даёт ответ.',
    },
    routing: {
      rules: 'Правила маршрутизации', orgs: 'Организации', category: 'Категория', district: 'Район', org: 'Исполнитель', anyCategory: 'любая категория', anyDistrict: 'любой район', sphereAll: '{sphere}: все категории',
      districtAkimat: 'акимат района обращения', kind: 'Тип', parent: 'Вышестоящая', updated: 'Изменено', seed: 'начальный набор', noRules: 'Правил нет: все обращения уходят в акимат района.', noOrgs: 'Организаций нет.',
      add: 'Добавить правило', newRule: 'Новое правило', sphere: 'Сфера', cityOnly: 'только общегородские', delete: 'Удалить', saved: 'Сохранено', added: 'Правило добавлено', deleted: 'Правило удалено',
      hint: 'Обращение уходит исполнителю по самому точному правилу: правило района важнее общегородского, категория важнее сферы, сфера важнее «любой категории». Изменения действуют сразу.',
      confirmDelete: 'Удалить правило «{category}» ({district})? Новые обращения пойдут по следующему подходящему правилу.', noMatch: 'Под фильтр не подходит ни одно правило.', choose: '— выберите —', ruleNo: 'правило № {id}', wholeCity: 'весь город',
      problems: { required: 'Выберите значение', unknownCategory: 'Такой категории нет в классификаторе', unknownDistrict: 'Такого района нет', unknownOrg: 'Такой организации нет', duplicate: 'Для этой категории и района правило уже есть' },
      kinds: { national: 'Республиканский орган', department: 'Управление акимата', city_akimat: 'Акимат города', utility: 'Коммунальное предприятие', district_akimat: 'Акимат района' },
    },
    orgs: {
      add: 'Добавить организацию', new: 'Новая организация', edit: 'Изменить: {name}', id: 'Идентификатор', idHint: 'Строчные латинские буквы, цифры и дефис; после создания не меняется',
      nameRu: 'Название на русском', nameKk: 'Название на казахском', nameEn: 'Название на английском', parent: 'Вышестоящая организация', noParent: '— нет (верхний уровень) —',
      district: 'Район (для акимата района)', noDistrict: '— нет —', hint: 'Подчинение определяет, куда уходит жалоба на саму организацию: на уровень выше.', search: 'Найти организацию…',
      created: 'Организация «{name}» добавлена', saved: 'Изменения сохранены', noMatch: 'Ни одна организация не подходит под поиск.',
      invalid: { id: 'Только строчные латинские буквы, цифры и дефис (2–64 символа)', idTaken: 'Такой идентификатор уже есть', cycle: 'Нельзя подчинить организацию самой себе или своему подразделению' },
    },
  },
  errors: {
    routing: { unknown_category: 'Такой категории нет в классификаторе', unknown_district: 'Такого района нет', unknown_organisation: 'Такой организации нет', duplicate: 'Для этой категории и района правило уже есть', not_found: 'Правило уже удалено' },
    organisation: { unknown_parent: 'Такой вышестоящей организации нет', cycle: 'Нельзя подчинить организацию самой себе или своему подразделению', id_taken: 'Такой идентификатор уже есть', not_found: 'Организация не найдена' },
  },
};

type Messages = typeof ru;

const kk: Messages = {
  admin: {
    title: 'Әкімшілік',
    menu: 'Бөлімдер',
    nav: { users: 'Пайдаланушылар', wallTokens: 'Бейнеқабырғалар', open311: 'Open311 кілттері', audit: 'Аудит журналы', deadLetters: 'Қабылданбаған хабарлар', outbox: 'Азаматтарға хабарлар', routing: 'Бағыттау', organisations: 'Ұйымдар' },
    keysHint: 'Пернелер: 1–8 — бөлімдер, / — іздеу, n — жасау, Esc — жабу',
    common: {
      loading: 'Жүктелуде…', retry: 'Қайталау', refresh: 'Жаңарту', failed: 'Жүктеу мүмкін болмады: {msg}', save: 'Сақтау', edit: 'Өзгерту', saving: 'Сақталуда…', cancel: 'Болдырмау', create: 'Жасау', close: 'Жабу',
      search: 'Іздеу', all: 'Барлығы', copy: 'Көшіру', copied: 'Көшірілді', copyFailed: 'Көшіру мүмкін болмады — белгілеп, қолмен көшіріңіз', open: 'Ашу', confirm: 'Растау', revoke: 'Кері қайтару',
      active: 'Жарамды', showRevoked: 'Кері қайтарылғандарды көрсету', revoked: 'Кері қайтарылды {at}', name: 'Атауы', districts: 'Аудандар', wholeCity: 'Бүкіл қала', createdBy: 'Кім жасады', createdAt: 'Жасалды', status: 'Күйі', actions: 'Әрекеттер',
      shownOnce: 'Бір рет қана көрсетіледі: жапқаннан кейін оны ешкім, тіпті әкімші де көрмейді. Қазір сақтап алыңыз.', older: 'Ертерек', newer: 'Кейінірек', first: 'Басына', count: 'Көрсетілді: {n}',
      zone: 'Уақыт — {zone} ({label})', system: 'жүйе',
    },
    errors: { network: 'сервермен байланыс жоқ — желіні тексеріңіз', forbidden: 'бұл бөлімге құқығыңыз жоқ', server: 'сервер қатесі ({status}), қайталап көріңіз', expired: 'сеанс аяқталды, қайта кіріңіз' },
    invalid: { required: 'Бұл өрісті толтырыңыз', username: '3–40 таңба: кіші латын әріптері, сандар және . _ -', passwordShort: 'Кемінде 10 таңба', tooLong: 'Тым ұзын', districts: 'Кемінде бір ауданды немесе «Бүкіл қаланы» таңдаңыз', taken: 'Бұл атау бос емес' },
    roles: { operator: 'Оператор', dispatcher: 'Диспетчер', crew: 'Көшпелі бригада', executor: 'Орындаушы', department_head: 'Басқарма басшысы', deputy_akim: 'Әкім орынбасары', akim: 'Әкім', centre_head: 'Орталық басшысы', analyst: 'Талдаушы', wall_screen: 'Бейнеқабырға', admin: 'Әкімші' },
    users: {
      new: 'Жаңа пайдаланушы', edit: 'Өзгерту: {name}', username: 'Логин', displayName: 'Аты-жөні және лауазымы', password: 'Құпиясөз', generate: 'Жасап беру', role: 'Рөлі', organisations: 'Ұйымдар',
      orgsHint: 'Орындаушы тек өз ұйымдарының өтініштерін көреді', orgSearch: 'Ұйымды табу…', noOrgs: 'Таңдалмаған', searchPh: 'Логин немесе аты…', enabled: 'Белсенді', disabled: 'Өшірілген',
      disable: 'Өшіру', enable: 'Қосу', resetPassword: 'Құпиясөзді қалпына келтіру', you: 'бұл сіз', empty: 'Әзірге пайдаланушылар жоқ', noMatch: 'Сүзгіге ешкім сәйкес келмейді', created: '{name} пайдаланушысы жасалды',
      confirmDisable: '{name} өшірілсін бе? Кіру және барлық ашық сеанстар бір секунд ішінде тоқтайды.', confirmReset: '{name} құпиясөзі қалпына келтірілсін бе? Ескі құпиясөз бен барлық сеанстар жарамсыз болады.',
      newPassword: '{name} үшін жаңа құпиясөз', initialPassword: '{name} үшін құпиясөз', territory: 'Аумақ',
    },
    wall: {
      new: 'Жаңа бейнеқабырға токені', namePh: 'Мысалы: Жағдай орталығының залы, 1-экран', kioskUrl: 'Экранға арналған сілтеме (киоск режимі)', kioskHint: 'Бұл сілтемені экранның браузерінде ашыңыз: ол құпиясөзсіз, тек қарау үшін кіреді.',
      empty: 'Бейнеқабырға токендері әлі жоқ. Біріншісін жасап, сілтемесін экранда ашыңыз.', noActive: 'Жарамды токендер жоқ. Кері қайтарылғандар «Кері қайтарылғандарды көрсету» белгісімен көрінеді.', confirmRevoke: '«{name}» токені кері қайтарылсын ба? Оны пайдаланатын экран бір секунд ішінде ажыратылады.',
    },
    open311: {
      new: 'Жаңа Open311 кілті', namePh: 'Мысалы: eOtinish порталы', key: 'API кілті', keyHint: 'Кілтті сыртқы жүйеге беріңіз: ол оны api_key өрісінде жібереді.',
      empty: 'Open311 кілттері әлі жоқ. Кілт бермейінше сыртқы жүйелер өтініш жібере алмайды.', confirmRevoke: '«{name}» кілті кері қайтарылсын ба? Осы кілті бар жүйе енді өтініш жібере алмайды.',
    },
    audit: {
      actor: 'Кім', action: 'Әрекет', target: 'Нысан', since: 'Бастап', until: 'Дейін', ip: 'IP', time: 'Қашан', details: 'Толығырақ', apply: 'Табу', reset: 'Тазарту',
      actorPh: 'логин', targetPh: 'мыс. user:12 немесе appeal:…', empty: 'Бұл кезеңде жазбалар жоқ', verify: 'Тізбекті тексеру',
      verifying: 'Тексерілуде…', chainOk: 'Тізбек бүтін: {n} жазба тексерілді. Бірде-бір жазба өзгертілмеген және жойылмаған.', chainBroken: 'Тізбек № {at} жазбада бұзылған ({n} тексерілді). Жазба қосымшаны айналып өтіп өзгертілген немесе жойылған — қауіпсіздік қызметіне хабарлаңыз.',
      yes: 'иә', no: 'жоқ', changed: 'өзгертілді',
      fields: { name: 'атауы', districts: 'аудандар', role: 'рөлі', disabled: 'өшірілген', username: 'логин', password: 'құпиясөз', organisations: 'ұйымдар', displayName: 'аты', reason: 'себебі', from: 'болған', to: 'болды', org: 'орындаушы', size: 'өлшемі', mime: 'файл түрі', messages: 'хабарлар', attempts: 'әрекеттер', ips: 'мекенжайлар', category: 'санат', district: 'аудан', parent: 'жоғары тұрған', kind: 'түрі', name_ru: 'атауы (орысша)', name_kk: 'атауы (қазақша)', name_en: 'атауы (ағылшынша)', id: 'сәйкестендіргіш', head: 'басшы', rules: 'ережелер', added: 'қосылды', removed: 'жойылды', changed: 'өзгертілді', rule: 'ереже', before: 'болған', after: 'болды' },
      groups: { auth: 'Кірулер', user: 'Пайдаланушылар', wall_token: 'Бейнеқабырға токендері', open311_key: 'Open311 кілттері', routing: 'Бағыттау', personal: 'Дербес деректерді қарау', appeal: 'Өтініштер', organisation: 'Ұйымдар' },
      actions: {
        auth_login: 'Кіру', auth_login_failed: 'Сәтсіз кіру', auth_login_failed_unknown: 'Белгісіз логиндермен кіру әрекеттері', user_create: 'Пайдаланушы жасалды', user_update: 'Пайдаланушы өзгертілді', user_delete: 'Пайдаланушы жойылды',
        wall_token_create: 'Бейнеқабырға токені жасалды', wall_token_revoke: 'Бейнеқабырға токені кері қайтарылды', open311_key_create: 'Open311 кілті берілді', open311_key_revoke: 'Open311 кілті кері қайтарылды', routing_update: 'Бағыттау ережелері өзгертілді', routing_rule_create: 'Бағыттау ережесі қосылды', routing_rule_update: 'Бағыттау ережесі өзгертілді', routing_rule_delete: 'Бағыттау ережесі жойылды', organisation_create: 'Ұйым қосылды', organisation_update: 'Ұйым өзгертілді',
        personal_view: 'Дербес деректерді қарау', appeal_create: 'Өтініш тіркелді', appeal_photo: 'Фото қосылды', appeal_step: 'Өтініш: {step}',
      },
    },
    dead: {
      stream: 'Ағын', topic: 'Топик', reason: 'Себебі', time: 'Алынды', size: 'Өлшемі', payload: 'Хабар', show: 'Хабарды көрсету', hide: 'Жасыру',
      hint: 'Тексеруден өтпеген және жазылмаған MQTT хабарлары. Хабарда азаматтардың байланыс деректері болуы мүмкін.', empty: 'Қабылданбаған хабарлар жоқ — барлық деректер тексеруден өтуде.', emptyStream: 'Бұл ағында қабылданбаған хабарлар жоқ.', bytes: '{n} Б',
    },
    outbox: {
      hint: 'Тек оқу. Тізімді әр қарау аудит журналына дербес деректерді қарау ретінде жазылады.', appeal: 'Өтініш', channel: 'Арна', recipient: 'Алушы', text: 'Мәтін', created: 'Жасалды', sent: 'Жіберілді',
      pending: 'жіберуді күтуде', channels: { sms: 'SMS', email: 'Эл. пошта', log: 'Тек журнал (байланыс жоқ)' }, empty: 'Азаматтарға хабарлар әлі болған жоқ: олар орындаушы жауап бергенде пайда болады.',
    },
    routing: {
      rules: 'Бағыттау ережелері', orgs: 'Ұйымдар', category: 'Санат', district: 'Аудан', org: 'Орындаушы', anyCategory: 'кез келген санат', anyDistrict: 'кез келген аудан', sphereAll: '{sphere}: барлық санаттар',
      districtAkimat: 'өтініш ауданының әкімдігі', kind: 'Түрі', parent: 'Жоғары тұрған', updated: 'Өзгертілді', seed: 'бастапқы жинақ', noRules: 'Ережелер жоқ: барлық өтініштер аудан әкімдігіне жіберіледі.', noOrgs: 'Ұйымдар жоқ.',
      add: 'Ереже қосу', newRule: 'Жаңа ереже', sphere: 'Сала', cityOnly: 'тек қалалық', delete: 'Жою', saved: 'Сақталды', added: 'Ереже қосылды', deleted: 'Ереже жойылды',
      hint: 'Өтініш ең нақты ереже бойынша орындаушыға жіберіледі: аудан ережесі қалалықтан, санат саладан, сала «кез келген санаттан» басым. Өзгерістер бірден күшіне енеді.',
      confirmDelete: '«{category}» ({district}) ережесін жою керек пе? Жаңа өтініштер келесі сәйкес ереже бойынша жіберіледі.', noMatch: 'Сүзгіге бірде-бір ереже сәйкес келмейді.', choose: '— таңдаңыз —', ruleNo: '№ {id} ереже', wholeCity: 'бүкіл қала',
      problems: { required: 'Мәнді таңдаңыз', unknownCategory: 'Жіктеуіште мұндай санат жоқ', unknownDistrict: 'Мұндай аудан жоқ', unknownOrg: 'Мұндай ұйым жоқ', duplicate: 'Бұл санат пен аудан үшін ереже бар' },
      kinds: { national: 'Республикалық орган', department: 'Әкімдік басқармасы', city_akimat: 'Қала әкімдігі', utility: 'Коммуналдық кәсіпорын', district_akimat: 'Аудан әкімдігі' },
    },
    orgs: {
      add: 'Ұйым қосу', new: 'Жаңа ұйым', edit: 'Өзгерту: {name}', id: 'Сәйкестендіргіш', idHint: 'Кіші латын әріптері, сандар және сызықша; жасалғаннан кейін өзгермейді',
      nameRu: 'Орысша атауы', nameKk: 'Қазақша атауы', nameEn: 'Ағылшынша атауы', parent: 'Жоғары тұрған ұйым', noParent: '— жоқ (жоғарғы деңгей) —',
      district: 'Аудан (аудан әкімдігі үшін)', noDistrict: '— жоқ —', hint: 'Бағыныстылық ұйымның өзіне шағымның қайда жіберілетінін анықтайды: бір деңгей жоғары.', search: 'Ұйымды іздеу…',
      created: '«{name}» ұйымы қосылды', saved: 'Өзгерістер сақталды', noMatch: 'Іздеуге бірде-бір ұйым сәйкес келмейді.',
      invalid: { id: 'Тек кіші латын әріптері, сандар және сызықша (2–64 таңба)', idTaken: 'Мұндай сәйкестендіргіш бар', cycle: 'Ұйымды өзіне немесе өз бөлімшесіне бағындыруға болмайды' },
    },
  },
  errors: {
    routing: { unknown_category: 'Жіктеуіште мұндай санат жоқ', unknown_district: 'Мұндай аудан жоқ', unknown_organisation: 'Мұндай ұйым жоқ', duplicate: 'Бұл санат пен аудан үшін ереже бар', not_found: 'Ереже жойылып қойған' },
    organisation: { unknown_parent: 'Мұндай жоғары тұрған ұйым жоқ', cycle: 'Ұйымды өзіне немесе өз бөлімшесіне бағындыруға болмайды', id_taken: 'Мұндай сәйкестендіргіш бар', not_found: 'Ұйым табылмады' },
  },
};

const en: Messages = {
  admin: {
    title: 'Administration',
    menu: 'Sections',
    nav: { users: 'Users', wallTokens: 'Wall screens', open311: 'Open311 keys', audit: 'Audit log', deadLetters: 'Dead letters', outbox: 'Messages to citizens', routing: 'Routing', organisations: 'Organisations' },
    keysHint: 'Keys: 1–8 sections, / search, n create, Esc close',
    common: {
      loading: 'Loading…', retry: 'Retry', refresh: 'Refresh', failed: 'Could not load: {msg}', save: 'Save', edit: 'Edit', saving: 'Saving…', cancel: 'Cancel', create: 'Create', close: 'Close',
      search: 'Search', all: 'All', copy: 'Copy', copied: 'Copied', copyFailed: 'Could not copy — select it and copy by hand', open: 'Open', confirm: 'Confirm', revoke: 'Revoke',
      active: 'Active', showRevoked: 'Show revoked', revoked: 'Revoked {at}', name: 'Name', districts: 'Districts', wholeCity: 'Whole city', createdBy: 'Created by', createdAt: 'Created', status: 'Status', actions: 'Actions',
      shownOnce: 'Shown once: after you close this, nobody can see it again, not even an administrator. Save it now.', older: 'Older', newer: 'Newer', first: 'Newest', count: 'Showing {n}',
      zone: 'Times in {zone} ({label})', system: 'system',
    },
    errors: { network: 'no connection to the server — check the network', forbidden: 'you have no right to this section', server: 'server error ({status}), try again', expired: 'the session has ended, sign in again' },
    invalid: { required: 'Fill in this field', username: '3–40 characters: lower-case Latin letters, digits and . _ -', passwordShort: 'At least 10 characters', tooLong: 'Too long', districts: 'Choose at least one district or “Whole city”', taken: 'This name is taken' },
    roles: { operator: 'Operator', dispatcher: 'Dispatcher', crew: 'Field crew', executor: 'Executor', department_head: 'Department head', deputy_akim: 'Deputy akim', akim: 'Akim', centre_head: 'Centre head', analyst: 'Analyst', wall_screen: 'Wall screen', admin: 'Administrator' },
    users: {
      new: 'New user', edit: 'Edit: {name}', username: 'Username', displayName: 'Name and position', password: 'Password', generate: 'Generate', role: 'Role', organisations: 'Organisations',
      orgsHint: 'An executor sees only their organisations’ appeals', orgSearch: 'Find an organisation…', noOrgs: 'None chosen', searchPh: 'Username or name…', enabled: 'Active', disabled: 'Disabled',
      disable: 'Disable', enable: 'Enable', resetPassword: 'Reset password', you: 'you', empty: 'No users yet', noMatch: 'Nobody matches the filter', created: 'User {name} created',
      confirmDisable: 'Disable {name}? Sign-in and every open session end within a second.', confirmReset: 'Reset the password of {name}? The old password and every session stop working.',
      newPassword: 'New password for {name}', initialPassword: 'Password for {name}', territory: 'Territory',
    },
    wall: {
      new: 'New wall-screen token', namePh: 'E.g. Situation room, screen 1', kioskUrl: 'Link for the screen (kiosk mode)', kioskHint: 'Open this link in the screen’s browser: it signs in read-only, without a password.',
      empty: 'No wall-screen tokens yet. Create the first one and open its link on the screen.', noActive: 'No active tokens. Revoked ones show with “Show revoked”.', confirmRevoke: 'Revoke the token “{name}”? The screen using it disconnects within a second.',
    },
    open311: {
      new: 'New Open311 key', namePh: 'E.g. eOtinish portal', key: 'API key', keyHint: 'Give the key to the external system: it sends it as api_key.',
      empty: 'No Open311 keys yet. External systems cannot submit appeals until you issue a key.', confirmRevoke: 'Revoke the key “{name}”? The system using it can no longer submit appeals.',
    },
    audit: {
      actor: 'Who', action: 'Action', target: 'Target', since: 'From', until: 'To', ip: 'IP', time: 'When', details: 'Details', apply: 'Search', reset: 'Clear',
      actorPh: 'username', targetPh: 'e.g. user:12 or appeal:…', empty: 'No entries in this period', verify: 'Check the chain',
      verifying: 'Checking…', chainOk: 'The chain is intact: {n} entries checked. No entry was changed or deleted.', chainBroken: 'The chain is broken at entry #{at} ({n} checked). An entry was changed or deleted behind the application’s back — tell the security officer.',
      yes: 'yes', no: 'no', changed: 'changed',
      fields: { name: 'name', districts: 'districts', role: 'role', disabled: 'disabled', username: 'username', password: 'password', organisations: 'organisations', displayName: 'name', reason: 'reason', from: 'from', to: 'to', org: 'executor', size: 'size', mime: 'file type', messages: 'messages', attempts: 'attempts', ips: 'addresses', category: 'category', district: 'district', parent: 'parent', kind: 'type', name_ru: 'name (Russian)', name_kk: 'name (Kazakh)', name_en: 'name (English)', id: 'identifier', head: 'head', rules: 'rules', added: 'added', removed: 'removed', changed: 'changed', rule: 'rule', before: 'before', after: 'after' },
      groups: { auth: 'Sign-ins', user: 'Users', wall_token: 'Wall-screen tokens', open311_key: 'Open311 keys', routing: 'Routing', personal: 'Views of personal data', appeal: 'Appeals', organisation: 'Organisations' },
      actions: {
        auth_login: 'Signed in', auth_login_failed: 'Failed sign-in', auth_login_failed_unknown: 'Sign-in attempts with unknown usernames', user_create: 'User created', user_update: 'User changed', user_delete: 'User deleted',
        wall_token_create: 'Wall-screen token created', wall_token_revoke: 'Wall-screen token revoked', open311_key_create: 'Open311 key issued', open311_key_revoke: 'Open311 key revoked', routing_update: 'Routing rules changed', routing_rule_create: 'Routing rule added', routing_rule_update: 'Routing rule changed', routing_rule_delete: 'Routing rule deleted', organisation_create: 'Organisation added', organisation_update: 'Organisation changed',
        personal_view: 'Personal data viewed', appeal_create: 'Appeal registered', appeal_photo: 'Photo added', appeal_step: 'Appeal: {step}',
      },
    },
    dead: {
      stream: 'Stream', topic: 'Topic', reason: 'Reason', time: 'Received', size: 'Size', payload: 'Message', show: 'Show message', hide: 'Hide',
      hint: 'MQTT messages that failed validation and were not stored. A message may carry citizens’ contact data.', empty: 'No dead letters — every message passes validation.', emptyStream: 'No dead letters in this stream.', bytes: '{n} B',
    },
    outbox: {
      hint: 'Read-only. Every view of this list is written to the audit log as a view of personal data.', appeal: 'Appeal', channel: 'Channel', recipient: 'Recipient', text: 'Text', created: 'Created', sent: 'Sent',
      pending: 'waiting to be sent', channels: { sms: 'SMS', email: 'E-mail', log: 'Log only (no contact)' }, empty: 'No messages to citizens yet: they appear when an executor answers.',
    },
    routing: {
      rules: 'Routing rules', orgs: 'Organisations', category: 'Category', district: 'District', org: 'Executor', anyCategory: 'any category', anyDistrict: 'any district', sphereAll: '{sphere}: all categories',
      districtAkimat: 'the akimat of the appeal’s district', kind: 'Kind', parent: 'Reports to', updated: 'Changed', seed: 'initial set', noRules: 'No rules: every appeal goes to its district’s akimat.', noOrgs: 'No organisations.',
      add: 'Add rule', newRule: 'New rule', sphere: 'Sphere', cityOnly: 'city-wide only', delete: 'Delete', saved: 'Saved', added: 'Rule added', deleted: 'Rule deleted',
      hint: 'An appeal goes to the executor of the most specific rule: a district’s rule outweighs a city-wide one, a category a sphere, a sphere “any category”. Changes apply at once.',
      confirmDelete: 'Delete the rule “{category}” ({district})? New appeals will follow the next matching rule.', noMatch: 'No rule matches the filter.', choose: '— choose —', ruleNo: 'rule #{id}', wholeCity: 'whole city',
      problems: { required: 'Choose a value', unknownCategory: 'No such category in the taxonomy', unknownDistrict: 'No such district', unknownOrg: 'No such organisation', duplicate: 'A rule for this category and district exists' },
      kinds: { national: 'National body', department: 'City department', city_akimat: 'City akimat', utility: 'Utility', district_akimat: 'District akimat' },
    },
    orgs: {
      add: 'Add organisation', new: 'New organisation', edit: 'Edit: {name}', id: 'Identifier', idHint: 'Lower-case Latin letters, digits and hyphens; cannot be changed later',
      nameRu: 'Name in Russian', nameKk: 'Name in Kazakh', nameEn: 'Name in English', parent: 'Parent organisation', noParent: '— none (top level) —',
      district: 'District (for a district akimat)', noDistrict: '— none —', hint: 'The hierarchy decides where a complaint about the organisation itself goes: one level up.', search: 'Find an organisation…',
      created: 'Organisation “{name}” added', saved: 'Changes saved', noMatch: 'No organisation matches the search.',
      invalid: { id: 'Only lower-case Latin letters, digits and hyphens (2–64 characters)', idTaken: 'This identifier is taken', cycle: 'An organisation cannot be placed under itself or one of its own units' },
    },
  },
  errors: {
    routing: { unknown_category: 'No such category in the taxonomy', unknown_district: 'No such district', unknown_organisation: 'No such organisation', duplicate: 'A rule for this category and district exists', not_found: 'The rule is already deleted' },
    organisation: { unknown_parent: 'No such parent organisation', cycle: 'An organisation cannot be placed under itself or one of its own units', id_taken: 'This identifier is taken', not_found: 'Organisation not found' },
  },
};

export default { ru, kk, en };
