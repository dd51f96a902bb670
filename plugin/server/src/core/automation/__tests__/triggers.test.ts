import { catalogWith } from '../../rules';
import {
  entryKey,
  indexTriggers,
  matchingAutomations,
  mayReenter,
  validateTrigger,
} from '../triggers';

const DAY = 86_400_000;
const catalog = catalogWith({
  goals: ['test-drive-booking'],
  personas: ['family-father'],
  profileKeys: ['compact'],
});
const vocabulary = {
  catalog,
  goals: new Set(['test-drive-booking']),
  campaigns: new Set(['spring-newsletter']),
  personas: new Set(['family-father']),
  profileKeys: new Set(['compact']),
};
const read = (values: Record<string, unknown>) => (path: string) => values[path];

describe('triggers', () => {
  const index = indexTriggers(
    [
      {
        automationId: 'booking',
        version: 1,
        trigger: { type: 'goal', goal: 'test-drive-booking' },
      },
      {
        automationId: 'german-booking',
        version: 2,
        trigger: {
          type: 'goal',
          goal: 'test-drive-booking',
          when: { 'geo.country': { $eq: 'DE' } },
        },
      },
      {
        automationId: 'father',
        version: 1,
        trigger: { type: 'persona', persona: 'family-father' },
      },
      {
        automationId: 'compact',
        version: 1,
        trigger: { type: 'score', key: 'compact', threshold: 6 },
      },
      {
        automationId: 'newsletter',
        version: 1,
        trigger: { type: 'visit', campaign: 'spring-newsletter' },
      },
      { automationId: 'mail-channel', version: 1, trigger: { type: 'visit', channel: 'email' } },
      { automationId: 'known', version: 1, trigger: { type: 'identified' } },
      {
        automationId: 'returning',
        version: 1,
        trigger: { type: 'condition', condition: { 'visit.returning': true } },
      },
      { automationId: 'idle', version: 1, trigger: { type: 'inactivity', days: 30 } },
    ],
    catalog
  );
  const ids = (event: any, values: Record<string, unknown> = {}) =>
    matchingAutomations(index, event, read(values)).map((match) => match.automationId);

  it('matches each event type against the triggers of its kind and their extra condition', () => {
    expect(ids({ type: 'goal', goal: 'test-drive-booking' }, { 'geo.country': 'AT' })).toEqual([
      'booking',
    ]);
    expect(ids({ type: 'goal', goal: 'test-drive-booking' }, { 'geo.country': 'DE' })).toEqual([
      'booking',
      'german-booking',
    ]);
    expect(ids({ type: 'goal', goal: 'like-share' })).toEqual([]);
    expect(ids({ type: 'identified' })).toEqual(['known']);
    expect(ids({ type: 'visit', campaign: 'spring-newsletter', channel: 'email' })).toEqual([
      'newsletter',
      'mail-channel',
    ]);
  });

  it('fires a persona trigger when the persona is newly matched, a score trigger when it crosses upwards', () => {
    expect(ids({ type: 'persona', profile: 'p', from: null, to: 'family-father' })).toEqual([
      'father',
    ]);
    expect(
      ids({ type: 'persona', profile: 'p', from: 'family-father', to: 'family-father' })
    ).toEqual([]);
    expect(ids({ type: 'score', key: 'compact', previous: 5, score: 7 })).toEqual(['compact']);
    expect(ids({ type: 'score', key: 'compact', previous: 7, score: 8 })).toEqual([]);
    expect(ids({ type: 'score', key: 'compact', previous: 7, score: 5 })).toEqual([]);
  });

  it('checks rule-condition triggers on every event; inactivity is left to the scheduler', () => {
    expect(ids({ type: 'context' }, { 'visit.returning': true })).toEqual(['returning']);
    expect(ids({ type: 'identified' }, { 'visit.returning': true })).toEqual([
      'known',
      'returning',
    ]);
    expect(ids({ type: 'context' }, { 'visit.returning': false })).toEqual([]);
  });

  it('names unknown goals, personas, keys, campaigns, channels and bad conditions', () => {
    const messages = (trigger: any) =>
      validateTrigger(trigger, vocabulary).map((i) => `${i.path}: ${i.message}`);
    expect(messages({ type: 'goal', goal: 'nope' })).toEqual(["trigger.goal: unknown goal 'nope'"]);
    expect(messages({ type: 'persona', persona: 'nope' })).toEqual([
      "trigger.persona: unknown persona 'nope'",
    ]);
    expect(messages({ type: 'score', key: 'nope', threshold: 1 })).toEqual([
      "trigger.key: unknown profile key 'nope'",
    ]);
    expect(messages({ type: 'visit', channel: 'pigeon' })).toEqual([
      "trigger.channel: unknown channel 'pigeon'",
    ]);
    expect(messages({ type: 'visit' })).toEqual([
      'trigger: a visit trigger names a campaign or a channel',
    ]);
    expect(messages({ type: 'condition', condition: { nope: 1 } })[0]).toMatch(
      /^trigger\.condition/
    );
    expect(messages({ type: 'manual', when: {} })).toEqual([
      'trigger.when: a manual trigger has no event context',
    ]);
  });
});

describe('re-entry', () => {
  const now = Date.UTC(2026, 5, 1);

  it('once: one key per contact; every time: one per event', () => {
    expect(entryKey('once', 'a', 'c', now, null, 'x')).toBe(
      entryKey('once', 'a', 'c', now + 99 * DAY, null, 'y')
    );
    expect(entryKey('every-time', 'a', 'c', now, null, 'x')).not.toBe(
      entryKey('every-time', 'a', 'c', now, null, 'y')
    );
    expect(mayReenter('once', now - 400 * DAY, now, null)).toBe(false);
    expect(mayReenter('every-time', now, now, null)).toBe(true);
  });

  it('once per N days: not before N days have passed, and then under a new key', () => {
    expect(mayReenter('once-per-days', null, now, 7)).toBe(true);
    expect(mayReenter('once-per-days', now - 6 * DAY, now, 7)).toBe(false);
    expect(mayReenter('once-per-days', now - 7 * DAY, now, 7)).toBe(true);
    for (let offset = 7 * DAY; offset < 30 * DAY; offset += 3_600_000)
      expect(entryKey('once-per-days', 'a', 'c', now + offset, 7, 'x')).not.toBe(
        entryKey('once-per-days', 'a', 'c', now, 7, 'x')
      );
  });
});
