// Messages of the error, loading and waiting states (namespace `net`) and of vehicles that stopped reporting
// (namespace `fleet`), in ru, kk and en. Registered in client/src/i18n/index.ts.
const ru = {
  net: {
    loading: 'Загрузка…',
    retry: 'Повторить',
    stale: 'Показаны прежние данные',
    apiDown: 'Сервер не отвечает',
    waitDown: 'Сервер недоступен, повтор через {s} с',
    waitStatus: 'Сервер ответил ошибкой {status}, повтор через {s} с',
    waitNow: 'Сервер недоступен, повторяем…',
    signingIn: 'Вход…',
    error: {
      network: 'Нет связи с сервером',
      unavailable: 'Сервер временно недоступен',
      server: 'Ошибка на сервере',
      denied: 'Недостаточно прав',
      signedOut: 'Сеанс завершён, войдите снова',
      notFound: 'Не найдено',
      invalid: 'Сервер не принял запрос',
      tooMany: 'Слишком много запросов, подождите',
      unknown: 'Что-то пошло не так',
    },
    login: { network: 'Нет связи с сервером. Проверьте сеть и попробуйте снова', server: 'Сервер временно недоступен, попробуйте снова' },
  },
  fleet: { offline: 'не на связи', offlineSince: 'не на связи с {time}', legendOffline: 'не на связи дольше {n} мин' },
};

type Messages = typeof ru;

const kk: Messages = {
  net: {
    loading: 'Жүктелуде…',
    retry: 'Қайталау',
    stale: 'Бұрынғы деректер көрсетілген',
    apiDown: 'Сервер жауап бермейді',
    waitDown: 'Сервер қолжетімсіз, {s} с кейін қайталаймыз',
    waitStatus: 'Сервер {status} қатесін қайтарды, {s} с кейін қайталаймыз',
    waitNow: 'Сервер қолжетімсіз, қайталап жатырмыз…',
    signingIn: 'Кіру…',
    error: {
      network: 'Сервермен байланыс жоқ',
      unavailable: 'Сервер уақытша қолжетімсіз',
      server: 'Сервердегі қате',
      denied: 'Рұқсатыңыз жеткіліксіз',
      signedOut: 'Сеанс аяқталды, қайта кіріңіз',
      notFound: 'Табылмады',
      invalid: 'Сервер сұрауды қабылдамады',
      tooMany: 'Сұраулар тым көп, күте тұрыңыз',
      unknown: 'Бірдеңе дұрыс болмады',
    },
    login: { network: 'Сервермен байланыс жоқ. Желіні тексеріп, қайталап көріңіз', server: 'Сервер уақытша қолжетімсіз, қайталап көріңіз' },
  },
  fleet: { offline: 'байланыста жоқ', offlineSince: '{time} бастап байланыста жоқ', legendOffline: '{n} минуттан астам байланыста жоқ' },
};

const en: Messages = {
  net: {
    loading: 'Loading…',
    retry: 'Retry',
    stale: 'Showing earlier data',
    apiDown: 'Server not answering',
    waitDown: 'Server unreachable, retrying in {s} s',
    waitStatus: 'Server answered with error {status}, retrying in {s} s',
    waitNow: 'Server unreachable, retrying…',
    signingIn: 'Signing in…',
    error: {
      network: 'No connection to the server',
      unavailable: 'The server is temporarily unavailable',
      server: 'Server error',
      denied: 'You are not allowed to do this',
      signedOut: 'Your session has ended, please sign in again',
      notFound: 'Not found',
      invalid: 'The server did not accept the request',
      tooMany: 'Too many requests, please wait',
      unknown: 'Something went wrong',
    },
    login: { network: 'No connection to the server. Check the network and try again', server: 'The server is temporarily unavailable, try again' },
  },
  fleet: { offline: 'not reporting', offlineSince: 'not reporting since {time}', legendOffline: 'silent for over {n} min' },
};

export default { ru, kk, en };
