import { experimentFigures, validateExperiment, type ExperimentDef } from '../experiments';

const goals = new Set(['test-drive-booking', 'brochure-download']);
const def: ExperimentDef = {
  slug: 'home-test',
  baseUid: 'api::page.page',
  baseDocumentId: 'home',
  variants: [
    { key: 'control', documentId: null, weight: 0.5 },
    { key: 'b', documentId: 'home-b', weight: 0.5 },
  ],
  coverage: 1,
  successGoals: ['test-drive-booking', 'brochure-download'],
  minimumSample: 100,
};

describe('validateExperiment', () => {
  it('accepts a valid experiment', () => {
    expect(
      validateExperiment(
        { variants: def.variants, successGoals: def.successGoals, coverage: 1 },
        goals
      )
    ).toEqual([]);
  });

  it('lets a draft leave its variants and goals empty, not yet chosen', () => {
    expect(validateExperiment({ variants: [], successGoals: [], state: 'draft' }, goals)).toEqual(
      []
    );
    expect(validateExperiment({ variants: [], successGoals: [] }, goals)).toEqual([]);
  });

  it.each([
    [{ variants: [{ key: 'a', documentId: null, weight: 1 }] }, 'variants', /2 to 10/],
    [
      {
        variants: [
          { key: 'a', documentId: null, weight: 0.5 },
          { key: 'a', documentId: 'x', weight: 0.5 },
        ],
      },
      'variants[1].key',
      /duplicate/,
    ],
    [
      {
        variants: [
          { key: 'A B', documentId: null, weight: 0.5 },
          { key: 'b', documentId: 'x', weight: 0.5 },
        ],
      },
      'variants[0].key',
      /short lower-case/,
    ],
    [
      {
        variants: [
          { key: 'a', documentId: null, weight: 0.5 },
          { key: 'b', documentId: 'x', weight: 0.7 },
        ],
      },
      'variants',
      /add up to 1/,
    ],
    [
      {
        variants: [
          { key: 'a', documentId: 5, weight: 0.5 },
          { key: 'b', documentId: 'x', weight: 0.5 },
        ],
      },
      'variants[0].documentId',
      /document id/,
    ],
    [{ successGoals: [], state: 'running' }, 'successGoals', /at least one/],
    [{ variants: [], state: 'running' }, 'variants', /2 to 10/],
    [{ successGoals: ['nope'] }, 'successGoals[0]', /unknown goal 'nope'/],
    [{ coverage: 2 }, 'coverage', /between 0 and 1/],
    [{ holdout: 0.7 }, 'holdout', /between 0 and 0.5/],
    [
      {
        variants: [
          { key: 'holdout', documentId: null, weight: 0.5 },
          { key: 'b', documentId: 'x', weight: 0.5 },
        ],
      },
      'variants[0].key',
      /held-out visitors/,
    ],
  ])('rejects %j', (data, path, message) => {
    const issues = validateExperiment(data, goals);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

describe('experimentFigures', () => {
  it('counts visitors once in their first variant, conversions on the primary goal after exposure, and value after exposure', () => {
    const figures = experimentFigures(
      def,
      [
        { contactId: 'x', variant: 'control', at: 10 },
        { contactId: 'x', variant: 'control', at: 20 },
        { contactId: 'y', variant: 'b', at: 10 },
        { contactId: 'z', variant: 'b', at: 10 },
      ],
      [
        { contactId: 'x', goal: 'test-drive-booking', points: 60, at: 5 }, // before exposure: not counted
        { contactId: 'y', goal: 'test-drive-booking', points: 60, at: 11 },
        { contactId: 'y', goal: 'test-drive-booking', points: 60, at: 12 }, // converts once
        { contactId: 'z', goal: 'brochure-download', points: 20, at: 11 }, // value, not the primary goal
        { contactId: 'w', goal: 'test-drive-booking', points: 60, at: 11 }, // never exposed
      ]
    );
    expect(figures).toEqual([
      { key: 'control', visitors: 1, conversions: 0, value: 0 },
      { key: 'b', visitors: 2, conversions: 1, value: 140 },
    ]);
  });

  it('reports held-out visitors as a group of their own', () => {
    const figures = experimentFigures(
      { ...def, holdout: 0.1 },
      [{ contactId: 'h', variant: 'holdout', at: 1 }],
      [{ contactId: 'h', goal: 'test-drive-booking', points: 60, at: 2 }]
    );
    expect(figures[2]).toEqual({ key: 'holdout', visitors: 1, conversions: 1, value: 60 });
  });
});
