import {
  BASE_CATALOG,
  compileCondition,
  validateCondition,
} from '../../../../server/src/core/rules';
import {
  comparison,
  ConditionShapeError,
  conditionToTree,
  group,
  operandFor,
  treeToCondition,
  updateNode,
  type ConditionNode,
} from '../conditionTree';

/** A tree without its React ids, to compare shapes. */
function shape(node: ConditionNode): unknown {
  if (node.kind === 'comparison') return [node.path, node.operator, node.value];
  return { [node.negated ? `not ${node.combinator}` : node.combinator]: node.children.map(shape) };
}

/** Conditions in the form the builder writes them: each survives JSON → tree → JSON unchanged. */
const CANONICAL: Array<[string, Record<string, unknown>, unknown]> = [
  ['always true', {}, { and: [] }],
  [
    'one comparison',
    { persona: { $eq: 'family-father' } },
    { and: [['persona', '$eq', 'family-father']] },
  ],
  [
    "the design's example",
    { persona: { $eq: 'family-father' }, 'geo.country': { $in: ['DE', 'AT'] } },
    {
      and: [
        ['persona', '$eq', 'family-father'],
        ['geo.country', '$in', ['DE', 'AT']],
      ],
    },
  ],
  [
    'any of',
    { $or: [{ channel: { $eq: 'email' } }, { campaign: { $eq: 'spring-newsletter' } }] },
    {
      or: [
        ['channel', '$eq', 'email'],
        ['campaign', '$eq', 'spring-newsletter'],
      ],
    },
  ],
  [
    'a range',
    { 'visit.number': { $between: [2, 5] } },
    { and: [['visit.number', '$between', [2, 5]]] },
  ],
  [
    'two operators on one path',
    { 'time.hour': { $gte: 8, $lt: 18 } },
    {
      and: [
        ['time.hour', '$gte', 8],
        ['time.hour', '$lt', 18],
      ],
    },
  ],
  ['a missing value', { 'geo.city': { $null: true } }, { and: [['geo.city', '$null', true]] }],
  [
    '$null false is kept',
    { 'geo.city': { $null: false } },
    { and: [['geo.city', '$null', false]] },
  ],
  [
    'not one comparison',
    { $not: { device: { $eq: 'mobile' } } },
    { 'not and': [['device', '$eq', 'mobile']] },
  ],
  [
    'not any of',
    {
      $not: { $or: [{ 'geo.country': { $in: ['DE', 'AT', 'CH'] } }, { language: { $eq: 'de' } }] },
    },
    {
      'not or': [
        ['geo.country', '$in', ['DE', 'AT', 'CH']],
        ['language', '$eq', 'de'],
      ],
    },
  ],
  [
    'all of with a nested any of',
    {
      persona: { $eq: 'urban-single' },
      $or: [{ device: { $eq: 'mobile' } }, { 'time.hour': { $between: [17, 22] } }],
    },
    {
      and: [
        ['persona', '$eq', 'urban-single'],
        {
          or: [
            ['device', '$eq', 'mobile'],
            ['time.hour', '$between', [17, 22]],
          ],
        },
      ],
    },
  ],
  [
    'any of two all-of groups',
    {
      $or: [
        { channel: { $eq: 'email' }, 'visit.returning': { $eq: true } },
        {
          'scores.limousine': { $gte: 5 },
          $not: { 'goals.ever': { $in: ['test-drive-booking'] } },
        },
      ],
    },
    {
      or: [
        {
          and: [
            ['channel', '$eq', 'email'],
            ['visit.returning', '$eq', true],
          ],
        },
        {
          and: [
            ['scores.limousine', '$gte', 5],
            { 'not and': [['goals.ever', '$in', ['test-drive-booking']]] },
          ],
        },
      ],
    },
  ],
  [
    'two "any of" groups side by side need $and',
    {
      $and: [
        { $or: [{ device: { $eq: 'mobile' } }, { device: { $eq: 'tablet' } }] },
        { $or: [{ channel: { $eq: 'social' } }, { channel: { $eq: 'email' } }] },
      ],
    },
    {
      and: [
        {
          or: [
            ['device', '$eq', 'mobile'],
            ['device', '$eq', 'tablet'],
          ],
        },
        {
          or: [
            ['channel', '$eq', 'social'],
            ['channel', '$eq', 'email'],
          ],
        },
      ],
    },
  ],
  [
    'the same operator twice on one path needs $and',
    { $and: [{ referrer: { $contains: 'cars' } }, { referrer: { $contains: 'test' } }] },
    {
      and: [
        ['referrer', '$contains', 'cars'],
        ['referrer', '$contains', 'test'],
      ],
    },
  ],
  [
    'deep nesting',
    {
      $or: [
        {
          $not: {
            $or: [
              { 'geo.country': { $eq: 'DE' } },
              { $not: { 'utm.source': { $startsWith: 'news' } } },
            ],
          },
        },
        { 'engagement.value': { $gt: 100 } },
      ],
    },
    {
      or: [
        {
          'not or': [
            ['geo.country', '$eq', 'DE'],
            { 'not and': [['utm.source', '$startsWith', 'news']] },
          ],
        },
        ['engagement.value', '$gt', 100],
      ],
    },
  ],
];

describe('conditionToTree and treeToCondition', () => {
  it.each(CANONICAL)('%s: JSON → tree → the same JSON', (_name, condition, expectedShape) => {
    const tree = conditionToTree(condition);
    expect(shape(tree)).toEqual(expectedShape);
    expect(treeToCondition(tree)).toEqual(condition);
  });

  it.each(CANONICAL)('%s: the JSON is valid for the server', (_name, condition) => {
    expect(validateCondition(condition, BASE_CATALOG)).toEqual([]);
  });

  it.each(CANONICAL)('%s: tree → JSON → the same tree', (_name, condition) => {
    const tree = conditionToTree(condition);
    expect(shape(conditionToTree(treeToCondition(tree)))).toEqual(shape(tree));
  });

  it.each([
    ['the shorthand value', { channel: 'email' }, { channel: { $eq: 'email' } }],
    ['an $and of one', { $and: [{ channel: { $eq: 'email' } }] }, { channel: { $eq: 'email' } }],
    ['an $or of one', { $or: [{ channel: { $eq: 'email' } }] }, { channel: { $eq: 'email' } }],
    [
      'an $and that needs none',
      { $and: [{ channel: { $eq: 'email' } }, { device: { $eq: 'mobile' } }] },
      { channel: { $eq: 'email' }, device: { $eq: 'mobile' } },
    ],
    [
      'nested all-of groups',
      {
        $and: [
          { channel: { $eq: 'email' } },
          { $and: [{ device: { $eq: 'mobile' } }, { language: { $eq: 'de' } }] },
        ],
      },
      { channel: { $eq: 'email' }, device: { $eq: 'mobile' }, language: { $eq: 'de' } },
    ],
    [
      'one path split over $and',
      { $and: [{ 'time.hour': { $gte: 8 } }, { 'time.hour': { $lt: 18 } }] },
      { 'time.hour': { $gte: 8, $lt: 18 } },
    ],
    [
      'not of not',
      { $not: { $not: { channel: { $eq: 'email' } } } },
      { $not: { $not: { channel: { $eq: 'email' } } } },
    ],
  ])('writes %s in its shortest form, with the same meaning', (_name, stored, expected) => {
    const written = treeToCondition(conditionToTree(stored));
    expect(written).toEqual(expected);
    const contexts: Array<Record<string, unknown>> = [
      { channel: 'email', device: 'mobile', language: 'de', 'time.hour': 9 },
      { channel: 'email', device: 'desktop', language: 'de', 'time.hour': 20 },
      { channel: 'social', device: 'mobile', language: 'en', 'time.hour': 12 },
    ];
    const [before, after] = [compileCondition(stored), compileCondition(written)];
    for (const context of contexts)
      expect(after((path) => context[path])).toBe(before((path) => context[path]));
  });

  it('writes a tree built in the builder as the design shows it', () => {
    const tree = group('and', [
      comparison('persona', '$eq', 'family-father'),
      group('and', [comparison('geo.country', '$in', ['DE', 'AT'])]),
    ]);
    expect(treeToCondition(tree)).toEqual({
      persona: { $eq: 'family-father' },
      'geo.country': { $in: ['DE', 'AT'] },
    });
    expect(JSON.stringify(treeToCondition(tree))).toBe(
      '{"persona":{"$eq":"family-father"},"geo.country":{"$in":["DE","AT"]}}'
    );
  });

  it('writes empty groups so that the validator points at them', () => {
    expect(treeToCondition(group('and'))).toEqual({});
    expect(treeToCondition(group('or'))).toEqual({ $or: [] });
    expect(validateCondition(treeToCondition(group('or')))).not.toEqual([]);
    expect(
      treeToCondition(group('and', [comparison('channel', '$eq', 'email'), group('and')]))
    ).toEqual({ channel: { $eq: 'email' } });
  });

  it('keeps operands exactly, whatever their type', () => {
    const tree = group('and', [
      comparison('visit.returning', '$eq', false),
      comparison('scores.hybrid', '$in', [0, 2.5]),
      comparison('date', '$between', ['2026-12-01', '2026-12-24']),
    ]);
    expect(treeToCondition(tree)).toEqual({
      'visit.returning': { $eq: false },
      'scores.hybrid': { $in: [0, 2.5] },
      date: { $between: ['2026-12-01', '2026-12-24'] },
    });
  });

  it.each([
    ['not an object', 'persona'],
    ['a list', [{ persona: { $eq: 'x' } }]],
    ['$and without a list', { $and: { persona: { $eq: 'x' } } }],
    ['an operator at the top', { $eq: 'x' }],
    ['a path without operators', { persona: {} }],
  ])('refuses a stored condition the builder cannot show: %s', (_name, stored) => {
    expect(() => conditionToTree(stored)).toThrow(ConditionShapeError);
  });

  it('reads a missing condition as always true', () => {
    expect(shape(conditionToTree(undefined))).toEqual({ and: [] });
    expect(shape(conditionToTree(null))).toEqual({ and: [] });
  });
});

describe('updateNode', () => {
  it('replaces, removes and keeps nodes by id without touching the others', () => {
    const email = comparison('channel', '$eq', 'email');
    const mobile = comparison('device', '$eq', 'mobile');
    const inner = group('or', [mobile]);
    const root = group('and', [email, inner]);
    const changed = updateNode(
      root,
      mobile.id,
      (node) => ({ ...node, value: 'tablet' }) as ConditionNode
    );
    expect(shape(changed)).toEqual({
      and: [['channel', '$eq', 'email'], { or: [['device', '$eq', 'tablet']] }],
    });
    expect(shape(root)).toEqual({
      and: [['channel', '$eq', 'email'], { or: [['device', '$eq', 'mobile']] }],
    });
    expect(shape(updateNode(root, inner.id, () => null))).toEqual({
      and: [['channel', '$eq', 'email']],
    });
    expect(
      shape(updateNode(root, root.id, (node) => ({ ...node, negated: true }) as ConditionNode))
    ).toEqual({
      'not and': [['channel', '$eq', 'email'], { or: [['device', '$eq', 'mobile']] }],
    });
  });
});

describe('operandFor', () => {
  it.each([
    ['value', 'string', undefined, ''],
    ['value', 'number', undefined, 0],
    ['value', 'boolean', undefined, true],
    ['list', 'string', 'DE', ['DE']],
    ['list', 'string', '', []],
    ['list', 'string', ['DE', 'AT'], ['DE', 'AT']],
    ['value', 'string', ['DE', 'AT'], 'DE'],
    ['range', 'number', 3, [3, 3]],
    ['range', 'number', [1, 4], [1, 4]],
    ['value', 'number', [1, 4], 1],
    ['flag', 'string', 'DE', true],
    ['text', 'string', 'DE', 'DE'],
    ['ordered', 'number', 'DE', 0],
  ] as const)('%s of a %s from %j is %j', (kind, type, previous, expected) => {
    expect(operandFor(kind, type, previous)).toEqual(expected);
  });
});
