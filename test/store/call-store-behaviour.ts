import type { PeerHealth } from '../../src/calls/call';
import type { CallStore } from '../../src/store/call-store';
import type { CallCounterSource } from '../../src/store/counters';
import { makeCall } from './call-fixtures';

/**
 * The behaviour every CallStore shares, written once and run against the memory store and the
 * Redis store. `open` gives a fresh, empty store for each test.
 */
export function describeCallStore(name: string, open: () => Promise<CallStore & CallCounterSource>): void {
  const T0 = Date.UTC(2026, 10, 23, 9, 0, 1, 712);
  const MIN = 60_000;
  const HOUR = 3_600_000;
  const DAY = 86_400_000;
  const HOUR0 = Date.UTC(2026, 10, 23, 9);
  const DAY0 = Date.UTC(2026, 10, 23);

  describe(`${name}: the CallStore behaviour`, () => {
    let store: CallStore & CallCounterSource;
    beforeEach(async () => {
      store = await open();
    });

    /** Three calls to the same callee from two callers, one day apart or minutes apart. */
    async function threeCalls(): Promise<void> {
      await store.put(
        makeCall({
          id: 'b9027c:24:198171',
          sessionKey: 'b9027c:24:198171',
          callIds: ['A1b2C3d4E5f60718293a4b5c6d7e8f90@198.51.100.10', '9d2e4f10-teams-leg'],
          from: '+49305550101',
          to: '+49407770101',
          legFrom: '0305550101',
          start: T0,
          outcome: 'failed',
          category: 'busy',
        }),
      );
      await store.put(
        makeCall({
          id: 'C544D4800002',
          sessionKey: 'C544D4800002',
          callIds: ['5f1c2a@10.0.0.5', '77aa@52.114.75.24'],
          from: '+49305550101',
          to: '+4940 7770199',
          start: T0 + 10 * MIN,
          outcome: 'answered',
          durationSec: 42,
        }),
      );
      await store.put(
        makeCall({
          id: 'plain-call-id@host.example',
          callIds: ['plain-call-id@host.example'],
          sbc: '203.0.113.7',
          from: '+14155550123',
          to: '+49407770101',
          start: T0 + 20 * MIN,
          outcome: 'failed',
          category: 'trunk-unavailable',
          owner: 'carrier',
        }),
      );
    }

    it('when a call is stored, then get returns it by id with its SIP, and an unknown id gives null', async () => {
      const sc = makeCall({ id: 'x1', callIds: ['x1@h'], start: T0, messagesPerLeg: 6 });
      await store.put(sc);
      const back = await store.get('x1');
      expect(back).toEqual(sc);
      expect(back?.call.legs[0].messages[0].raw).toContain('INVITE sip:');
      expect(await store.get('nope')).toBeNull();
    });

    it('when asked by the Call-ID of any leg, however it is pasted, then the call is found', async () => {
      await threeCalls();
      for (const ref of [
        'A1b2C3d4E5f60718293a4b5c6d7e8f90@198.51.100.10',
        'a1b2c3d4e5f60718293a4b5c6d7e8f90@198.51.100.10',
        'A1b2C3d4E5f60718293a4b5c6d7e8f90',
        '  <9d2e4f10-teams-leg> ',
      ]) {
        const found = await store.find(ref);
        expect(found.map((s) => s.report.id)).toEqual(['b9027c:24:198171']);
      }
    });

    it('when asked by an AudioCodes SID or a CUBE GUID, then the call is found', async () => {
      await threeCalls();
      expect((await store.find('b9027c:24:198171')).map((s) => s.report.id)).toEqual(['b9027c:24:198171']);
      expect((await store.find('c544d4800002')).map((s) => s.report.id)).toEqual(['C544D4800002']);
    });

    it('when asked by a number written with +49, 0, spaces or only its last digits, then every match comes newest first', async () => {
      await threeCalls();
      for (const ref of ['+49 30 555-0101', '0305550101', '(030) 555.0101', '5550101', '50101', 'tel:+49305550101']) {
        const found = await store.find(ref);
        expect(found.map((s) => s.report.id)).toEqual(['C544D4800002', 'b9027c:24:198171']);
      }
      expect((await store.find('+49 40 777 0101')).map((s) => s.report.id)).toEqual([
        'plain-call-id@host.example',
        'b9027c:24:198171',
      ]);
      expect((await store.find('0101')).map((s) => s.report.id)).toEqual([
        'plain-call-id@host.example',
        'C544D4800002',
        'b9027c:24:198171',
      ]);
      expect((await store.find('0101', 1)).map((s) => s.report.id)).toEqual(['plain-call-id@host.example']);
    });

    it('when a call carries a number only in national form, then its E.164 form finds it too', async () => {
      await store.put(
        makeCall({ id: 'nat', callIds: ['nat@h'], from: '0305550199', to: '0407770199', start: T0 }),
      );
      expect((await store.find('+49 30 5550199')).map((s) => s.report.id)).toEqual(['nat']);
      expect((await store.find('0049407770199')).map((s) => s.report.id)).toEqual(['nat']);
      expect(await store.find('+49305550198')).toEqual([]);
    });

    it('when an id is all digits (a Ribbon call id), then it is found as an id before any number match', async () => {
      await store.put(makeCall({ id: '2113420', sessionKey: '2113420', callIds: ['r1@h'], from: '+492113420', start: T0 }));
      await store.put(makeCall({ id: 'newer', callIds: ['n@h'], from: '+4912113420', start: T0 + MIN }));
      expect((await store.find('2113420')).map((s) => s.report.id)).toEqual(['2113420', 'newer']);
    });

    it('when no call has the number or id, then find returns nothing', async () => {
      await threeCalls();
      expect(await store.find('0102')).toEqual([]);
      expect(await store.find('+49305550102')).toEqual([]);
      expect(await store.find('deadbeef@nowhere')).toEqual([]);
    });

    it('when a number is looked up on one side, then only calls with it on that side are listed', async () => {
      await threeCalls();
      expect((await store.list({ number: '0101', side: 'from' })).map((r) => r.id)).toEqual([
        'C544D4800002',
        'b9027c:24:198171',
      ]);
      expect((await store.list({ number: '7770101', side: 'to' })).map((r) => r.id)).toEqual([
        'plain-call-id@host.example',
        'b9027c:24:198171',
      ]);
      expect((await store.list({ number: '4155550123', side: 'to' })).map((r) => r.id)).toEqual([]);
    });

    it('when listing, then time, failed, SBC and limit filters apply and the newest comes first', async () => {
      await threeCalls();
      expect((await store.list({})).map((r) => r.id)).toEqual([
        'plain-call-id@host.example',
        'C544D4800002',
        'b9027c:24:198171',
      ]);
      expect((await store.list({ failedOnly: true })).map((r) => r.id)).toEqual([
        'plain-call-id@host.example',
        'b9027c:24:198171',
      ]);
      expect((await store.list({ sbc: '198.51.100.10' })).map((r) => r.id)).toEqual([
        'C544D4800002',
        'b9027c:24:198171',
      ]);
      expect((await store.list({ since: T0 + MIN, until: T0 + 15 * MIN })).map((r) => r.id)).toEqual(['C544D4800002']);
      expect((await store.list({ limit: 1 })).map((r) => r.id)).toEqual(['plain-call-id@host.example']);
      expect(
        (await store.list({ failedOnly: true, sbc: '198.51.100.10', number: '0101' })).map((r) => r.id),
      ).toEqual(['b9027c:24:198171']);
    });

    it('when the same call is stored again with a new verdict and legs, then it is replaced everywhere', async () => {
      await threeCalls();
      const again = makeCall({
        id: 'b9027c:24:198171',
        sessionKey: 'b9027c:24:198171',
        callIds: ['A1b2C3d4E5f60718293a4b5c6d7e8f90@198.51.100.10'],
        from: '+49305550101',
        to: '+49407770101',
        start: T0,
        outcome: 'answered',
        durationSec: 12,
      });
      await store.put(again);
      await store.put(again);
      expect((await store.get('b9027c:24:198171'))?.report.category).toBe('completed');
      expect((await store.find('5550101')).map((s) => s.report.id)).toEqual(['C544D4800002', 'b9027c:24:198171']);
      expect(await store.find('9d2e4f10-teams-leg')).toEqual([]);
      expect((await store.list({ failedOnly: true })).map((r) => r.id)).toEqual(['plain-call-id@host.example']);
      expect((await store.list({})).length).toBe(3);
    });

    it('when many calls share a number, then find and list page through them in order', async () => {
      for (let i = 0; i < 250; i++) {
        await store.put(
          makeCall({ id: `c${i}`, callIds: [`c${i}@h`], from: `+4930555${String(i).padStart(4, '0')}`, to: '+49407770101', start: T0 + i * MIN, messagesPerLeg: 1 }),
        );
      }
      const all = await store.list({ number: '0101', side: 'to', limit: 1000 });
      expect(all.length).toBe(250);
      expect(all[0].id).toBe('c249');
      expect(all[249].id).toBe('c0');
      expect((await store.find('+49305550007')).map((s) => s.report.id)).toEqual(['c7']);
      expect((await store.list({ number: '0101', side: 'from' })).map((r) => r.id)).toEqual(['c101']);
    });

    it('when peers health is stored, then the latest entry per device and remote is returned', async () => {
      const peer = (remote: string, status: PeerHealth['status'], sent: number): PeerHealth => ({
        remote,
        name: 'sip.pstnhub.microsoft.com',
        device: '198.51.100.10',
        optionsSent: sent,
        optionsAnswered: status === 'up' ? sent : 0,
        optionsRejected: 0,
        lastSent: T0,
        lastAnswer: status === 'up' ? T0 : null,
        lastStatus: status === 'up' ? 200 : null,
        status,
      });
      await store.putHealth([peer('52.114.75.24:5061', 'up', 3), peer('52.114.7.24:5061', 'down', 3)]);
      await store.putHealth([peer('52.114.7.24:5061', 'up', 5)]);
      const h = await store.health();
      expect(h.map((p) => [p.remote, p.status, p.optionsSent]).sort()).toEqual([
        ['52.114.7.24:5061', 'up', 5],
        ['52.114.75.24:5061', 'up', 3],
      ]);
    });

  it('when calls are stored, then each SBC hour and day counts them by outcome, category and owner', async () => {
        await store.put(makeCall({ id: 'a', callIds: ['a@h'], start: T0, outcome: 'answered', durationSec: 42.5 }));
    await store.put(makeCall({ id: 'b', callIds: ['b@h'], start: T0 + 60_000, outcome: 'failed', category: 'busy', owner: 'user' }));
    await store.put(
      makeCall({ id: 'c', callIds: ['c@h'], start: T0 + HOUR, outcome: 'failed', category: 'trunk-unavailable', owner: 'carrier' }),
    );
    await store.put(makeCall({ id: 'd', callIds: ['d@h'], sbc: 'sbc2', start: T0, outcome: 'cancelled', category: 'caller-cancelled' }));

    const hours = await store.hourlyCounters('198.51.100.10', HOUR0 - HOUR, HOUR0 + 2 * HOUR);
    expect(hours.map((h) => h.start)).toEqual([HOUR0 - HOUR, HOUR0, HOUR0 + HOUR]);
    expect(hours[0].counters.calls).toBe(0);
    expect(hours[1].counters).toEqual({
      calls: 2,
      answered: 1,
      failed: 1,
      cancelled: 0,
      inProgress: 0,
      durationSec: 42.5,
      byCategory: { completed: 1, busy: 1 },
      byOwner: { user: 2 },
      causes: [
        { category: 'busy', owner: 'user', calls: 1 },
        { category: 'completed', owner: 'user', calls: 1 },
      ],
    });
    expect(hours[2].counters.byCategory).toEqual({ 'trunk-unavailable': 1 });
    const days = await store.dailyCounters('198.51.100.10', DAY0, DAY0 + DAY);
    expect(days).toHaveLength(1);
    expect(days[0].counters).toMatchObject({ calls: 3, answered: 1, failed: 2, byOwner: { user: 2, carrier: 1 } });
    expect(await store.listSbcs()).toEqual(['198.51.100.10', 'sbc2']);
  });

  it('when a call is stored again with another category or hour, then the counters follow exactly and never double count', async () => {
        const first = makeCall({ id: 'u', callIds: ['u@h'], start: T0, outcome: 'failed', category: 'no-response', owner: 'unknown' });
    await store.put(first);
    await store.put(first);
    await store.put(makeCall({ id: 'other', callIds: ['o@h'], start: T0, outcome: 'failed', category: 'no-response', owner: 'unknown' }));
    let h = (await store.hourlyCounters('198.51.100.10', HOUR0, HOUR0 + 1))[0].counters;
    expect(h).toMatchObject({ calls: 2, failed: 2, byCategory: { 'no-response': 2 }, byOwner: { unknown: 2 } });

    // re-finalized after a late CDR: answered now
    await store.put(makeCall({ id: 'u', callIds: ['u@h'], start: T0, outcome: 'answered', durationSec: 30 }));
    h = (await store.hourlyCounters('198.51.100.10', HOUR0, HOUR0 + 1))[0].counters;
    expect(h).toEqual({
      calls: 2,
      answered: 1,
      failed: 1,
      cancelled: 0,
      inProgress: 0,
      durationSec: 30,
      byCategory: { 'no-response': 1, completed: 1 },
      byOwner: { unknown: 1, user: 1 },
      causes: [
        { category: 'completed', owner: 'user', calls: 1 },
        { category: 'no-response', owner: 'unknown', calls: 1 },
      ],
    });

    // its start moves to the next hour (a better time source): the first hour gives it back
    await store.put(makeCall({ id: 'u', callIds: ['u@h'], start: T0 + HOUR, outcome: 'answered', durationSec: 30 }));
    const [h0, h1] = await store.hourlyCounters('198.51.100.10', HOUR0, HOUR0 + 2 * HOUR);
    expect(h0.counters).toMatchObject({ calls: 1, answered: 0, failed: 1, durationSec: 0, byCategory: { 'no-response': 1 } });
    expect(h1.counters).toMatchObject({ calls: 1, answered: 1, durationSec: 30, byCategory: { completed: 1 } });
    const d = (await store.dailyCounters('198.51.100.10', DAY0, DAY0 + 1))[0].counters;
    expect(d).toMatchObject({ calls: 2, answered: 1, failed: 1, durationSec: 30 });
  });
  });
}
