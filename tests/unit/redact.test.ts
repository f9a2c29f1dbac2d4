// The redaction used by every public surface (Open311 reads, live events, wall popups).
import { describe, expect, it } from 'vitest';
import { redactText, streetLevel, stripControl } from '../../ingest/schema/redact';

describe('redactText', () => {
  it('removes phone numbers in the ways citizens write them', () => {
    for (const phone of ['+77017778899', '+7 701 777 88 99', '8 (701) 777-88-99', '87017778899', '8-701-777-88-99', '+7(7172)21-34-56', '21-34-56'])
      expect(redactText(`Звоните ${phone}, жду`)).toBe('Звоните ***, жду');
  });

  it('keeps dates, times, house numbers and counts', () => {
    const s = 'С 24.11.2026 до 2026-11-30 с 10:30 нет света в доме 40, отключено 250000 домов';
    expect(redactText(s)).toBe(s);
  });

  it('removes e-mail addresses', () => {
    expect(redactText('пишите на aigerim.a@mail.kz или a_b@example.com.')).toBe('пишите на *** или ***.');
  });

  it('removes flat numbers but keeps the word', () => {
    expect(redactText('Течёт крыша над кв. 12, и в квартире 5а тоже; пәтер 33; apt 4')).toBe('Течёт крыша над кв. ***, и в квартире *** тоже; пәтер ***; apt ***');
    expect(redactText('кв.7 и кв №8')).toBe('кв.*** и кв №***');
  });

  it("removes the citizen's own name, with Russian endings, and their phone and e-mail as given", () => {
    const citizen = { name: 'Айгерим Ахметова', phone: '+77011234567', email: 'aa@x.kz' };
    expect(redactText('Я, Ахметова Айгерим, прошу. Ахметовой ответили? Айгерим ждёт. aa@x.kz', citizen)).toBe('Я, *** ***, прошу. *** ответили? *** ждёт. ***');
    // a short name only as written: the particle «ли» stays
    expect(redactText('Можно ли починить? Ли ждёт', { name: 'Ли' })).toBe('Можно ли починить? *** ждёт');
    // other words stay
    expect(redactText('Нет отопления', citizen)).toBe('Нет отопления');
    // their phone however they gave it (here shorter than the generic pattern)
    expect(redactText('мой номер 55-1-2, звоните', { phone: '55-1-2' })).toBe('мой номер ***, звоните');
  });

  it('strips the characters XML 1.0 forbids', () => {
    expect(redactText('a\u0001b\u0008c\u000Bd\u001Fe\uFFFEf\tg\nh')).toBe('abcdef\tg\nh');
    expect(stripControl('x\uD800y\uD83D\uDE00z')).toBe('xy\uD83D\uDE00z');
    expect(redactText(null)).toBe('');
  });
});

describe('streetLevel', () => {
  it('cuts an address to its street', () => {
    const cases: [string, string | null][] = [
      ['ул. Кенесары, 40, кв. 12', 'ул. Кенесары'],
      ['ул. Кенесары 40 кв 12', 'ул. Кенесары'],
      ['ул. Кенесары, 40/2', 'ул. Кенесары'],
      ['ул. Кенесары 40-12', 'ул. Кенесары'],
      ['Астана, пр. Туран, д. 5, подъезд 3, этаж 4, кв. 17', 'Астана, пр. Туран'],
      ['пр. Туран, д.5, кв.17', 'пр. Туран'],
      ['ул. Е-10, 15а', 'ул. Е-10'],
      ['ул. Керей, Жанибек хандар, 7, кв. 90', 'ул. Керей, Жанибек хандар'],
      ['ул. Д. Кунаева, 12', 'ул. Д. Кунаева'],
      ['3-й микрорайон, 12', '3-й микрорайон'],
      ['12 Main St, Apt 4', 'Main St'],
      ['Flat 3, 12 Main St', 'Main St'],
      ['пр. Абая', 'пр. Абая'],
      ['ул. Кенесары,40,кв.12', 'ул. Кенесары'],
      ['40, кв. 12', null],
      ['', null],
    ];
    for (const [address, street] of cases) expect(streetLevel(address), address).toBe(street);
    expect(streetLevel(null)).toBeNull();
    expect(streetLevel('ул.\u0001 Абая 5')).toBe('ул. Абая');
  });
});
