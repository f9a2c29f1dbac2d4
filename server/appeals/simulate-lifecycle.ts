// With the simulator on, executors and citizens act on the appeals so the screens show whole lifecycles: most
// executors work and answer with evidence; some are slow (their appeals go at risk, then overdue), some send
// formal brush-off replies, some bounce appeals between bodies (runaround); citizens confirm or dispute.
// Only appeals the simulator itself created (ids `sim-…`, see ingest/simulator/message.ts; HTTP intake refuses
// such ids) are touched: a real appeal is never answered, forwarded or "confirmed" here.
import type { Logger } from 'pino';
import type { Db } from '../dialects';
import type { AppealService } from './service';
import { simulatedInWork } from './store';
import type { AppealStatus } from '../../ingest/schema';

/** Ids of the simulator's own messages (`sim-<run>-<kind>-<n>`). */
export const SIMULATED_ID_PREFIX = 'sim-';

const GOOD = [
  'Бригада выехала на место, неисправность устранена {date}, фотоотчёт приложен.',
  'Работы выполнены {date}: участок очищен, мусор вывезен, проведена проверка.',
  'Жұмыс {date} орындалды, ақау жойылды, фотоесеп қоса беріледі.',
  'Произведён ремонт, подача восстановлена {date} в 16:00.',
];
const FORMAL = [
  'Ваше обращение рассмотрено. Разъяснено в соответствии с законодательством.',
  'Обращение принято к сведению и будет рассмотрено в установленном порядке при наличии финансирования.',
  'Сіздің өтінішіңіз қаралды, заңға сәйкес түсіндірілді.',
];
/** Executors that are slow or prone to formal replies, so the detectors have something to find. */
const SLOW = new Set(['astana-roads', 'akimat-baikonur', 'astana-land']);
const FORMAL_PRONE = new Set(['astana-public-services', 'akimat-saryarka', 'astana-social']);
const BOUNCE: Record<string, string> = { 'astana-tazalyk': 'akimat-almaty', 'akimat-almaty': 'astana-energy-housing', 'astana-energy-housing': 'astana-tazalyk' };

/** The statuses the simulator moves on from. */
const ADVANCED: AppealStatus[] = ['assigned', 'in_progress', 'answered', 'reopened'];

export function simulateLifecycles(db: Db, service: AppealService, log: Logger, everyMs = 2000): () => void {
  const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)];
  const date = () => new Date().toLocaleDateString('ru-RU', { timeZone: 'Asia/Almaty' });
  let busy = false;
  const t = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const rows = await simulatedInWork(db, SIMULATED_ID_PREFIX, ADVANCED);
      for (const r of rows) {
        const age = (Date.now() - new Date(r.registered_at).getTime()) / 1000;
        const org: string = r.executor_org ?? '';
        const who = { username: `sim:${org || 'citizen'}`, role: 'executor' };
        const act = (body: Parameters<AppealService['transition']>[1], by = who) => service.transition(r.id, body, by).catch(() => undefined);
        if (r.status === 'assigned' || r.status === 'reopened') {
          if (r.status === 'reopened') await act({ action: 'assign', org: org || 'astana-public-services' });
          else if (BOUNCE[org] && r.reroutes < 3 && Math.random() < 0.3) await act({ action: 'forward', org: BOUNCE[org], reason: 'не относится к компетенции' });
          else if (age > 20 && !(SLOW.has(org) && Math.random() < 0.8)) await act({ action: 'start' });
        } else if (r.status === 'in_progress') {
          if (age > 60 && !(SLOW.has(org) && Math.random() < 0.9))
            await act({ action: 'answer', text: (FORMAL_PRONE.has(org) && Math.random() < 0.6 ? pick(FORMAL) : pick(GOOD)).replace('{date}', date()) });
        } else if (r.status === 'answered' && age > 120) {
          const x = Math.random();
          const citizen = { username: 'citizen', role: 'citizen' };
          if (x < 0.55) await act({ action: 'confirm' }, citizen);
          else if (x < 0.7) await act({ action: 'dispute', reason: 'проблема не решена' }, citizen);
        }
      }
    } catch (err) {
      log.debug({ err: (err as Error).message }, 'lifecycle simulation step failed');
    } finally {
      busy = false;
    }
  }, everyMs);
  return () => clearInterval(t);
}
