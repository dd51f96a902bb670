import fc from 'fast-check';
import { catalogWith } from '../../rules';
import { validateFlow, type Flow, type Step } from '../flow';

const vocabulary = {
  catalog: catalogWith({ goals: ['test-drive-booking'], personas: ['family-father'] }),
  goals: new Set(['test-drive-booking']),
  campaigns: new Set(['service-mail']),
};
const problems = (flow: Flow) =>
  validateFlow(flow, vocabulary).map((issue) => `${issue.path}: ${issue.message}`);

describe('validateFlow', () => {
  it('accepts the scenario: wait 14 days, then the service e-mail', () => {
    expect(
      problems({
        start: 'wait',
        steps: [
          { id: 'wait', type: 'wait', duration: { days: 14 }, next: 'mail' },
          {
            id: 'mail',
            type: 'email',
            campaign: 'service-mail',
            subject: 'Hello {{firstName|there}}',
            text: 'See {{link:https://cars.example/accessories}} · {{unsubscribe}}',
          },
        ],
      })
    ).toEqual([]);
  });

  it('names a missing start, a dangling edge, a duplicate id and an unreachable step', () => {
    expect(problems({ start: 'x', steps: [{ id: 'a', type: 'exit' }] })).toEqual([
      "start: the start step 'x' does not exist",
    ]);
    expect(
      problems({
        start: 'a',
        steps: [{ id: 'a', type: 'condition', condition: {}, yes: 'b', no: null }],
      })
    ).toEqual(["steps.0.yes: step 'a' leads to 'b', which does not exist"]);
    expect(
      problems({
        start: 'a',
        steps: [
          { id: 'a', type: 'exit' },
          { id: 'a', type: 'exit' },
        ],
      })
    ).toEqual(["steps.1.id: duplicate step id 'a'"]);
    expect(
      problems({
        start: 'a',
        steps: [
          { id: 'a', type: 'exit' },
          { id: 'b', type: 'exit' },
        ],
      })
    ).toEqual(["steps.1: step 'b' is never reached"]);
  });

  it('refuses a loop without a wait, allows one with a wait', () => {
    const loop = (middle: Step): Flow => ({
      start: 'a',
      steps: [
        { id: 'a', type: 'condition', condition: { 'visit.returning': true }, yes: 'b', no: null },
        middle,
      ],
    });
    expect(problems(loop({ id: 'b', type: 'points', points: 1, next: 'a' }))).toEqual([
      'steps.0: the loop a → b → a has no wait',
    ]);
    expect(problems(loop({ id: 'b', type: 'wait', duration: { days: 1 }, next: 'a' }))).toEqual([]);
    // a wait-until may pass at once: it does not break a loop
    expect(
      problems(
        loop({
          id: 'b',
          type: 'wait-until',
          condition: {},
          timeout: { days: 1 },
          next: 'a',
          onTimeout: 'a',
        })
      )
    ).toEqual(['steps.0: the loop a → b → a has no wait']);
  });

  it('refuses a cycle that never reaches an end', () => {
    expect(
      problems({
        start: 'a',
        steps: [
          { id: 'a', type: 'wait', duration: { days: 1 }, next: 'b' },
          { id: 'b', type: 'wait', duration: { days: 1 }, next: 'a' },
        ],
      })
    ).toEqual([
      "steps.0: no path from step 'a' ever ends",
      "steps.1: no path from step 'b' ever ends",
    ]);
  });

  it('checks the settings of each step', () => {
    expect(
      problems({
        start: 'a',
        steps: [
          { id: 'a', type: 'wait', next: 'b' },
          {
            id: 'b',
            type: 'condition',
            condition: { 'geo.contry': { $eq: 'DE' } },
            yes: 'c',
            no: 'c',
          },
          {
            id: 'c',
            type: 'email',
            subject: '{{firstname}}',
            text: 'x',
            campaign: 'nope',
            next: 'd',
          },
          { id: 'd', type: 'points', goal: 'no-goal', next: 'e' },
          {
            id: 'e',
            type: 'split',
            branches: [
              { weight: 0.5, next: null },
              { weight: 0.2, next: null },
            ],
          },
        ],
      })
    ).toEqual([
      'steps.0: a wait needs a duration or a weekday/hour to wait until',
      "steps.1.condition.geo.contry: unknown context path 'geo.contry'; did you mean 'geo.country'?",
      'steps.2.subject: unknown token {{firstname}}; use firstName, lastName, email, persona, topInterest, unsubscribe, link:<url>',
      "steps.2.campaign: unknown campaign 'nope'",
      "steps.3.goal: unknown goal 'no-goal'",
      'steps.4.branches: the weights add up to 0.7, not 1',
    ]);
  });

  it('accepts every chain of timed waits and effects that ends (property)', () => {
    const stepKinds = fc.constantFrom<Step['type']>('wait', 'points', 'attribute', 'email');
    fc.assert(
      fc.property(fc.array(stepKinds, { minLength: 1, maxLength: 20 }), (kinds) => {
        const id = (index: number) => `s${index}`;
        const steps: Step[] = kinds.map((kind, index) => {
          const next = index + 1 < kinds.length ? id(index + 1) : null;
          switch (kind) {
            case 'wait':
              return { id: id(index), type: 'wait', duration: { hours: 1 }, next };
            case 'points':
              return { id: id(index), type: 'points', points: 1, next };
            case 'attribute':
              return { id: id(index), type: 'attribute', name: 'x', value: 1, next };
            default:
              return { id: id(index), type: 'email', subject: 's', text: 't', next };
          }
        });
        expect(problems({ start: 's0', steps })).toEqual([]);
      })
    );
  });

  it('finds a loop back to any earlier step unless a wait lies on it (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.nat(),
        fc.option(fc.nat(), { nil: undefined }),
        (length, backTo, waitAt) => {
          const target = backTo % length;
          const wait = waitAt === undefined ? -1 : waitAt % length;
          const steps: Step[] = Array.from({ length }, (_, index) => {
            const next = index + 1 < length ? `s${index + 1}` : null;
            if (index === wait)
              return { id: `s${index}`, type: 'wait', duration: { days: 1 }, next };
            if (index === length - 1)
              return {
                id: `s${index}`,
                type: 'condition',
                condition: {},
                yes: `s${target}`,
                no: null,
              };
            return { id: `s${index}`, type: 'points', points: 1, next };
          });
          const looped = problems({ start: 's0', steps }).some((problem) =>
            problem.includes('has no wait')
          );
          const waitOnLoop = wait >= target && wait <= length - 1 && wait !== -1;
          expect(looped).toBe(!waitOnLoop);
        }
      )
    );
  });
});
