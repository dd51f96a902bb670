import {
  automationsReferringGoal,
  holdersOfKeys,
  holdersOutsideRange,
  ruleSetsReferring,
  type KnownDefinitions,
} from '../definition-usage';
import type { KeyDef } from '../scoring';

type Labelled = { label: string };
const labels = (list: Labelled[]) => list.map((entry) => entry.label);
const holdersOf = (list: Array<Labelled & { keyValues: unknown }>, slugs: string[]) =>
  labels(holdersOfKeys(list, slugs));
const outsideOf = (list: Array<Labelled & { keyValues: unknown }>, key: KeyDef) =>
  holdersOutsideRange(list, key).map(({ holder, value }) => ({ label: holder.label, value }));
const referringOf = (
  list: Array<Labelled & { rules: unknown }>,
  known: KnownDefinitions,
  removed: Parameters<typeof ruleSetsReferring>[2]
) => labels(ruleSetsReferring(list, known, removed));

const tags = [
  { label: 'Page "Limousine"', keyValues: { limousine: 5 } },
  { label: 'Page "Hybrid"', keyValues: { hybrid: 5, compact: 2 } },
  { label: 'broken', keyValues: 'not an object' },
];

describe('holdersOfKeys', () => {
  it('names the holders that give any of the keys a value', () => {
    expect(holdersOf(tags, ['compact', 'leasing'])).toEqual(['Page "Hybrid"']);
    expect(holdersOf(tags, ['limousine', 'hybrid'])).toEqual(['Page "Limousine"', 'Page "Hybrid"']);
    expect(holdersOf(tags, ['leasing'])).toEqual([]);
  });
});

describe('holdersOutsideRange', () => {
  it('names the holders whose value falls outside the new range, with the value', () => {
    expect(outsideOf(tags, { slug: 'hybrid', min: 0, max: 4 })).toEqual([
      { label: 'Page "Hybrid"', value: 5 },
    ]);
    expect(outsideOf(tags, { slug: 'hybrid', min: 0, max: 5 })).toEqual([]);
    expect(outsideOf(tags, { slug: 'compact', min: 3, max: 10 })).toEqual([
      { label: 'Page "Hybrid"', value: 2 },
    ]);
  });
});

describe('ruleSetsReferring', () => {
  const known = {
    profileKeys: ['limousine', 'hybrid'],
    personas: ['family-father', 'urban-single'],
    goals: ['brochure'],
  };
  const ruleSets = [
    {
      label: 'home',
      rules: [{ name: 'family', condition: { persona: { $eq: 'family-father' } }, variant: 'a' }],
    },
    {
      label: 'leasing',
      rules: [
        { name: 'limousine fans', condition: { topKey: { $eq: 'limousine' } }, variant: 'b' },
      ],
    },
    {
      label: 'scores',
      rules: [{ name: 'hybrid fans', condition: { 'scores.hybrid': { $gte: 3 } }, variant: 'c' }],
    },
    {
      label: 'already broken',
      rules: [{ name: 'x', condition: { persona: { $eq: 'gone' } }, variant: 'd' }],
    },
  ];

  it('names the rule sets that would refer to a removed persona or key', () => {
    expect(referringOf(ruleSets, known, { personas: ['family-father'] })).toEqual(['home']);
    expect(referringOf(ruleSets, known, { profileKeys: ['limousine'] })).toEqual(['leasing']);
    expect(
      referringOf(ruleSets, known, { profileKeys: ['hybrid'], personas: ['family-father'] })
    ).toEqual(['home', 'scores']);
  });

  it('ignores rule sets the removal does not touch, and those broken already', () => {
    expect(referringOf(ruleSets, known, { personas: ['urban-single'] })).toEqual([]);
    expect(referringOf(ruleSets, known, {})).toEqual([]);
  });
});

describe('automationsReferringGoal', () => {
  const known = {
    profileKeys: ['limousine'],
    personas: ['family-father'],
    goals: ['brochure', 'test-drive'],
  };
  const automations = [
    { label: 'triggered', trigger: { type: 'goal', goal: 'test-drive' }, flow: { steps: [] } },
    {
      label: 'credits it',
      trigger: { type: 'identified' },
      flow: { steps: [{ id: 'p', type: 'points', goal: 'test-drive', points: 5 }] },
    },
    {
      label: 'tests it',
      trigger: { type: 'identified' },
      flow: {
        steps: [
          { id: 'c', type: 'condition', condition: { 'goals.ever': { $in: ['test-drive'] } } },
        ],
      },
    },
    {
      label: 'when',
      trigger: { type: 'identified', when: { 'goals.visit': { $in: ['test-drive'] } } },
      flow: null,
    },
    { label: 'other goal', trigger: { type: 'goal', goal: 'brochure' }, flow: { steps: [] } },
  ];

  it('names the automations triggered by, crediting or testing the goal', () => {
    expect(labels(automationsReferringGoal(automations, known, 'test-drive'))).toEqual([
      'triggered',
      'credits it',
      'tests it',
      'when',
    ]);
    expect(labels(automationsReferringGoal(automations, known, 'brochure'))).toEqual([
      'other goal',
    ]);
  });
});
