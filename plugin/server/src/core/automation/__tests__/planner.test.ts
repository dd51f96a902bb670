import fc from 'fast-check';
import { catalogWith } from '../../rules';
import { compileFlow, nextLocalMoment, planStep, splitBranch, waitEnd } from '../planner';
import type { Flow } from '../flow';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const catalog = catalogWith({});
const flow: Flow = {
  start: 'wait',
  steps: [
    { id: 'wait', type: 'wait', duration: { days: 14 }, next: 'known' },
    {
      id: 'known',
      type: 'condition',
      condition: { 'contact.identified': { $eq: true } },
      yes: 'mail',
      no: 'hold',
    },
    {
      id: 'hold',
      type: 'wait-until',
      condition: { 'contact.identified': { $eq: true } },
      timeout: { days: 3 },
      checkEvery: { hours: 6 },
      next: 'mail',
      onTimeout: 'out',
    },
    { id: 'mail', type: 'email', subject: 's', text: 't', next: null },
    {
      id: 'split',
      type: 'split',
      branches: [
        { weight: 0.5, next: 'mail' },
        { weight: 0.5, next: 'out' },
      ],
    },
    { id: 'out', type: 'exit' },
  ],
};
const compiled = compileFlow(flow, catalog);
const input = (now: number, enteredAt: number, identified: boolean) => ({
  now,
  enteredAt,
  read: (path: string) => (path === 'contact.identified' ? identified : undefined),
  timeZone: null,
  contactId: 'c1',
  automationId: 'a1',
});

describe('planStep', () => {
  const t0 = Date.UTC(2026, 3, 1, 10);

  it('keeps waiting until the duration is over, then follows the edge', () => {
    expect(planStep(compiled, 'wait', input(t0 + 13 * DAY, t0, true))).toEqual({
      kind: 'wait',
      until: t0 + 14 * DAY,
    });
    expect(planStep(compiled, 'wait', input(t0 + 14 * DAY, t0, true))).toEqual({
      kind: 'next',
      next: 'known',
      result: 'waited',
    });
  });

  it('branches on the condition and hands side effects back', () => {
    expect(planStep(compiled, 'known', input(t0, t0, true))).toMatchObject({
      next: 'mail',
      result: 'yes',
    });
    expect(planStep(compiled, 'known', input(t0, t0, false))).toMatchObject({
      next: 'hold',
      result: 'no',
    });
    expect(planStep(compiled, 'mail', input(t0, t0, true))).toMatchObject({
      kind: 'effect',
      step: { id: 'mail' },
    });
    expect(planStep(compiled, 'out', input(t0, t0, true))).toEqual({ kind: 'exit' });
  });

  it('waits until a condition holds, checking again every interval, then times out', () => {
    expect(planStep(compiled, 'hold', input(t0, t0, false))).toEqual({
      kind: 'wait',
      until: t0 + 6 * HOUR,
    });
    expect(planStep(compiled, 'hold', input(t0 + 70 * HOUR, t0, false))).toEqual({
      kind: 'wait',
      until: t0 + 72 * HOUR,
    });
    expect(planStep(compiled, 'hold', input(t0 + 72 * HOUR, t0, false))).toMatchObject({
      next: 'out',
      result: 'timeout',
    });
    expect(planStep(compiled, 'hold', input(t0 + HOUR, t0, true))).toMatchObject({
      next: 'mail',
      result: 'held',
    });
  });

  it('never waits past the wait-until timeout, and never into the past (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * HOUR }), (elapsed) => {
        const plan = planStep(compiled, 'hold', input(t0 + elapsed, t0, false));
        if (plan.kind === 'wait') {
          expect(plan.until).toBeGreaterThan(t0 + elapsed);
          expect(plan.until).toBeLessThanOrEqual(t0 + 72 * HOUR);
        } else expect(elapsed).toBeGreaterThanOrEqual(72 * HOUR);
      })
    );
  });
});

describe('waits until a local weekday and hour', () => {
  it('finds the next Monday 9:00 in Berlin, across the change to summer time', () => {
    // Friday 2026-03-27 12:00 UTC; Berlin moves to UTC+2 on Sunday 2026-03-29
    const friday = Date.UTC(2026, 2, 27, 12);
    expect(
      new Date(nextLocalMoment(friday, 'Europe/Berlin', { weekdays: [1], hour: 9 })).toISOString()
    ).toBe('2026-03-30T07:00:00.000Z');
    // the same moment in winter is 8:00 UTC
    expect(
      new Date(
        nextLocalMoment(Date.UTC(2026, 0, 9, 12), 'Europe/Berlin', { weekdays: [1], hour: 9 })
      ).toISOString()
    ).toBe('2026-01-12T08:00:00.000Z');
  });

  it('takes today when the hour is still ahead, UTC for an unknown zone', () => {
    const morning = Date.UTC(2026, 5, 3, 6);
    expect(nextLocalMoment(morning, 'Not/AZone', { hour: 9, minute: 30 })).toBe(
      Date.UTC(2026, 5, 3, 9, 30)
    );
    expect(nextLocalMoment(morning, null, { hour: 5 })).toBe(Date.UTC(2026, 5, 4, 5));
  });

  it('adds the duration first, then the next local moment', () => {
    const t = Date.UTC(2026, 5, 3, 6);
    expect(
      waitEnd({ id: 'w', type: 'wait', duration: { days: 1 }, until: { hour: 8 } }, t, 'UTC')
    ).toBe(Date.UTC(2026, 5, 4, 8));
  });

  it('is always later, on an allowed weekday, at the hour asked, within eight days (property)', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...zones),
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 23 }),
        (after, zone, weekdays, hour) => {
          const at = nextLocalMoment(after, zone, { weekdays, hour });
          expect(at).toBeGreaterThan(after);
          expect(at - after).toBeLessThanOrEqual(8 * DAY);
          const parts = new Intl.DateTimeFormat('en-US', {
            timeZone: zone,
            hourCycle: 'h23',
            hour: 'numeric',
            weekday: 'short',
          }).formatToParts(at);
          const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(
            parts.find((part) => part.type === 'weekday')!.value
          );
          const localHour = Number(parts.find((part) => part.type === 'hour')!.value);
          expect(weekdays).toContain(weekday);
          // an hour skipped by a DST change lands one hour later
          expect([hour, (hour + 1) % 24]).toContain(localHour);
        }
      )
    );
  });
});

describe('splitBranch', () => {
  const split = {
    id: 'split',
    type: 'split' as const,
    branches: [{ weight: 0.2 }, { weight: 0.8 }],
  };

  it('is sticky per contact and splits by the weights', () => {
    const counts = [0, 0];
    for (let i = 0; i < 10_000; i++) {
      const branch = splitBranch(split, 'automation', `contact-${i}`);
      expect(splitBranch(split, 'automation', `contact-${i}`)).toBe(branch);
      counts[branch]++;
    }
    expect(counts[0] / 10_000).toBeGreaterThan(0.18);
    expect(counts[0] / 10_000).toBeLessThan(0.22);
  });
});
