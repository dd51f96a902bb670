import {
  BASE,
  draftOf,
  emptyDraft,
  evenWeights,
  inputOf,
  newArm,
  PERSONALIZED,
  startProblems,
} from '../experimentDraft';
import { issueInWords, pathName } from '../pathNames';
import { comparison, group } from '../conditionTree';
import type { Catalog, ExperimentDetail } from '../../../../server/src/contracts';

/** English: the default message with its placeholders filled. */
const t = (_id: string, message: string, values: Record<string, unknown> = {}) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

const entries = [
  { documentId: 'home', title: 'Home', slug: 'home' },
  { documentId: 'limo', title: 'Home (Limousine)', slug: 'home-limousine' },
];

describe('the experiment form', () => {
  it('splits whole percents evenly, adding up to 100', () => {
    expect(evenWeights(2)).toEqual([50, 50]);
    expect(evenWeights(3)).toEqual([34, 33, 33]);
    for (let count = 1; count <= 10; count++)
      expect(evenWeights(count).reduce((sum, weight) => sum + weight, 0)).toBe(100);
  });

  it('stores arms with keys from what they show, names and shares, and reads them back', () => {
    const draft = {
      ...emptyDraft(),
      name: ' Home test ',
      baseUid: 'api::page.page',
      baseDocumentId: 'home',
      arms: [newArm(BASE, 34), newArm('limo', 33), newArm(PERSONALIZED, 33)],
      primaryGoal: 'test-drive-booking',
      otherGoals: ['brochure-download', 'test-drive-booking'],
    };
    const input = inputOf(draft, entries);
    expect(input).toMatchObject({
      name: 'Home test',
      hypothesis: null,
      coverage: 1,
      holdout: 0,
      successGoals: ['test-drive-booking', 'brochure-download'],
      variants: [
        { key: 'control', documentId: null, weight: 0.34 },
        { key: 'home-limousine', name: 'Home (Limousine)', documentId: 'limo', weight: 0.33 },
        { key: 'personalized', documentId: null, personalized: true, weight: 0.33 },
      ],
    });
    const stored = { ...input, hypothesis: null, variants: input.variants } as ExperimentDetail;
    expect(inputOf(draftOf(stored), entries)).toEqual(input);
  });

  it('says in words what keeps an experiment from starting', () => {
    const draft = { ...emptyDraft(), arms: [newArm(BASE, 50), newArm(BASE, 70)] };
    expect(startProblems(draft, t)).toEqual([
      'The weights add up to 120 %; they must add up to 100 %',
      'Two arms show the same thing; choose something else',
      'Choose the goal that counts as success',
    ]);
    expect(startProblems(emptyDraft(), t)).toContain('Choose what arm 2 shows');
  });
});

describe('rule words', () => {
  const operators = [{ operator: '$eq' as const, operand: 'value' as const }];
  const info = {
    array: false,
    reads: 'current' as const,
    description: '',
    operators,
    format: null,
  };
  const catalog: Catalog = {
    paths: [
      { path: 'persona', type: 'string', ...info, suggestions: 'persona' },
      { path: 'geo.city', type: 'string', ...info, suggestions: null },
    ],
    prefixes: [
      {
        prefix: 'scores.',
        type: 'number',
        ...info,
        suggestions: null,
        nameFormat: null,
        nameSuggestions: 'profileKey',
      },
    ],
    suggestions: { profileKey: [{ value: 'limousine', label: 'Limousine' }], persona: [] },
  };

  it('names paths plainly, prefix paths with their key', () => {
    expect(pathName(catalog, 'geo.city', t)).toBe('City');
    expect(pathName(catalog, 'scores.limousine', t)).toBe('Score: Limousine');
    expect(pathName(catalog, 'scores.', t)).toBe('Score: …');
  });

  it('says what to choose for an empty operand, and names the path of any other problem', () => {
    const tree = group('and', [
      comparison('persona', '$eq', ''),
      comparison('geo.city', '$eq', 'x'),
    ]);
    expect(
      issueInWords(
        { path: 'rules[0].condition.persona.$eq', message: "unknown persona ''" },
        tree,
        catalog,
        t
      )
    ).toBe('Choose a persona');
    const nested = group('or', [comparison('geo.city', '$eq', '')]);
    expect(
      issueInWords(
        { path: 'rules[1].condition.$or[0].geo.city.$eq', message: 'whatever' },
        nested,
        catalog,
        t
      )
    ).toBe('Enter a value for City');
    expect(
      issueInWords(
        { path: 'rules[0].condition.geo.city.$eq', message: "$eq on 'geo.city' expects a string" },
        tree,
        catalog,
        t
      )
    ).toBe('City: expects a string');
  });
});
