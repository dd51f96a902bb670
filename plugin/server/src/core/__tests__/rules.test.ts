import fc from 'fast-check';
import {
  BASE_CATALOG,
  catalogWith,
  compileCondition,
  compileRuleSet,
  conditionPaths,
  explainCondition,
  explainRuleSet,
  isRuleEnabled,
  pickRule,
  resolvePathSpec,
  RuleValidationError,
  validateCondition,
  validateRuleSet,
  variantsOf,
  type ContextReader,
  type RuleIssue,
  type VariantRuleDef,
} from '../rules';

type Context = Record<string, unknown>;

const readerOf =
  (context: Context): ContextReader =>
  (path) =>
    context[path];

const matches = (condition: unknown, context: Context = {}) =>
  compileCondition(condition)(readerOf(context));

/** The single issue a condition produces; fails loudly when there are none or several. */
function onlyIssue(condition: unknown, catalog = BASE_CATALOG): RuleIssue {
  const issues = validateCondition(condition, catalog);
  expect(issues).toHaveLength(1);
  return issues[0];
}

describe('path catalog', () => {
  it.each([
    ['persona', { type: 'string', array: true, reads: 'current' }],
    ['persona.distance', { type: 'number', reads: 'current' }],
    ['visit.returning', { type: 'boolean', reads: 'history' }],
    ['goals.ever', { type: 'string', array: true, reads: 'history' }],
    ['time.weekday', { type: 'number', reads: 'current' }],
    ['scores.limousine', { type: 'number', reads: 'current' }],
    ['contact.attributes.industry', { type: 'string', reads: 'history' }],
    ['goals.withinDays.30', { type: 'string', array: true, reads: 'history' }],
  ])('resolves %s', (path, expected) => {
    expect(resolvePathSpec(BASE_CATALOG, path)).toMatchObject(expected);
  });

  it.each([
    'geo.contry',
    'scores.',
    'scores.a.b',
    'goals.withinDays.0',
    'goals.withinDays.-3',
    'goals.withinDays.1.5',
    'goals.withinDays.week',
    '__proto__',
    'toString',
  ])('does not resolve %s', (path) => {
    expect(resolvePathSpec(BASE_CATALOG, path)).toBeUndefined();
  });

  it('limits score names to the configured profile keys', () => {
    const catalog = catalogWith({ profileKeys: ['limousine', 'suv'] });
    expect(resolvePathSpec(catalog, 'scores.suv')).toBeDefined();
    expect(resolvePathSpec(catalog, 'scores.van')).toBeUndefined();
    expect(onlyIssue({ 'scores.van': { $gt: 1 } }, catalog).message).toBe(
      "unknown context path 'scores.van'; 'scores.' accepts: limousine, suv"
    );
    expect(onlyIssue({ 'scores.limosine': { $gt: 1 } }, catalog).message).toContain(
      "did you mean 'scores.limousine'?"
    );
  });

  it('leaves BASE_CATALOG untouched', () => {
    catalogWith({ profileKeys: ['suv'], personas: ['p'], goals: ['g'] });
    expect(resolvePathSpec(BASE_CATALOG, 'scores.anything')).toBeDefined();
    expect(validateCondition({ persona: 'anyone', 'goals.ever': 'anything' })).toEqual([]);
  });
});

describe('operators on scalar paths', () => {
  const visitor: Context = {
    channel: 'Email',
    'visit.number': 3,
    'visit.returning': true,
    'geo.country': 'DE',
    date: '2025-06-15',
  };

  it.each<[string, unknown, boolean]>([
    ['$eq string', { channel: { $eq: 'Email' } }, true],
    ['$eq is case-sensitive', { channel: { $eq: 'email' } }, false],
    ['$eq number', { 'visit.number': { $eq: 3 } }, true],
    ['$eq boolean', { 'visit.returning': { $eq: true } }, true],
    ['$eqi', { channel: { $eqi: 'EMAIL' } }, true],
    ['$eqi mismatch', { channel: { $eqi: 'mail' } }, false],
    ['$ne', { channel: { $ne: 'search' } }, true],
    ['$ne equal value', { channel: { $ne: 'Email' } }, false],
    ['$in', { 'geo.country': { $in: ['AT', 'DE'] } }, true],
    ['$in mismatch', { 'geo.country': { $in: ['AT', 'CH'] } }, false],
    ['$notIn', { 'geo.country': { $notIn: ['AT', 'CH'] } }, true],
    ['$notIn listed value', { 'geo.country': { $notIn: ['DE'] } }, false],
    ['$lt', { 'visit.number': { $lt: 4 } }, true],
    ['$lt boundary', { 'visit.number': { $lt: 3 } }, false],
    ['$lte boundary', { 'visit.number': { $lte: 3 } }, true],
    ['$gt', { 'visit.number': { $gt: 3 } }, false],
    ['$gte boundary', { 'visit.number': { $gte: 3 } }, true],
    ['$between inside', { 'visit.number': { $between: [2, 5] } }, true],
    ['$between low end', { 'visit.number': { $between: [3, 5] } }, true],
    ['$between high end', { 'visit.number': { $between: [1, 3] } }, true],
    ['$between outside', { 'visit.number': { $between: [4, 5] } }, false],
    ['$gte on dates', { date: { $gte: '2025-06-01' } }, true],
    ['$between dates', { date: { $between: ['2025-06-16', '2025-07-01'] } }, false],
    ['$contains', { channel: { $contains: 'mai' } }, true],
    ['$contains is case-sensitive', { channel: { $contains: 'EMAIL' } }, false],
    ['$containsi', { channel: { $containsi: 'MAI' } }, true],
    ['$notContains', { channel: { $notContains: 'search' } }, true],
    ['$notContains present part', { channel: { $notContains: 'mail' } }, false],
    ['$startsWith', { channel: { $startsWith: 'Em' } }, true],
    ['$startsWith is case-sensitive', { channel: { $startsWith: 'em' } }, false],
    ['$endsWith', { channel: { $endsWith: 'ail' } }, true],
    ['$null: false on a value', { channel: { $null: false } }, true],
    ['$null: true on a value', { channel: { $null: true } }, false],
    ['$notNull: true on a value', { channel: { $notNull: true } }, true],
    ['$notNull: false on a value', { channel: { $notNull: false } }, false],
  ])('%s', (_, condition, expected) => {
    expect(matches(condition, visitor)).toBe(expected);
  });
});

describe('operators on array paths', () => {
  const visitor: Context = { persona: ['family-father', 'commuter'], languages: ['de-DE', 'en'] };

  it.each<[string, unknown, boolean]>([
    ['$eq matches any element', { persona: { $eq: 'commuter' } }, true],
    ['$eq matches no element', { persona: { $eq: 'student' } }, false],
    ['$eqi', { languages: { $eqi: 'EN' } }, true],
    ['$ne when no element equals', { persona: { $ne: 'student' } }, true],
    ['$ne when one element equals', { persona: { $ne: 'commuter' } }, false],
    ['$in', { persona: { $in: ['student', 'commuter'] } }, true],
    ['$notIn when one element is listed', { persona: { $notIn: ['student', 'commuter'] } }, false],
    ['$notIn when none is listed', { persona: { $notIn: ['student'] } }, true],
    ['$contains', { languages: { $contains: 'DE' } }, true],
    ['$containsi', { languages: { $containsi: 'de-de' } }, true],
    ['$notContains when one element contains', { languages: { $notContains: 'de' } }, false],
    ['$notContains when none contains', { languages: { $notContains: 'fr' } }, true],
    ['$startsWith', { languages: { $startsWith: 'en' } }, true],
    ['$endsWith', { languages: { $endsWith: 'FR' } }, false],
    ['$null: false', { persona: { $null: false } }, true],
    ['$notNull: true', { persona: { $notNull: true } }, true],
  ])('%s', (_, condition, expected) => {
    expect(matches(condition, visitor)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['empty', []],
    ['missing', undefined],
    ['null', null],
  ])('treats an %s array as null', (_, persona) => {
    expect(matches({ persona: { $null: true } }, { persona })).toBe(true);
    expect(matches({ persona: { $notNull: true } }, { persona })).toBe(false);
    expect(matches({ persona: { $eq: 'commuter' } }, { persona })).toBe(false);
    expect(matches({ persona: { $ne: 'commuter' } }, { persona })).toBe(true);
  });

  it('accepts a lone value from the reader as a one-element array', () => {
    expect(matches({ persona: 'commuter' }, { persona: 'commuter' })).toBe(true);
  });

  it('matches array elements on a prefix path', () => {
    expect(
      matches(
        { 'goals.withinDays.7': { $in: ['newsletter'] } },
        { 'goals.withinDays.7': ['newsletter'] }
      )
    ).toBe(true);
  });
});

describe('missing values', () => {
  // Only the negative operators and the "is missing" tests hold for a visitor without a value.
  it.each<[string, unknown, boolean]>([
    ['$eq', { channel: { $eq: 'email' } }, false],
    ['$eqi', { channel: { $eqi: 'email' } }, false],
    ['$ne', { channel: { $ne: 'email' } }, true],
    ['$in', { channel: { $in: ['email'] } }, false],
    ['$notIn', { channel: { $notIn: ['email'] } }, true],
    ['$lt', { 'visit.number': { $lt: 5 } }, false],
    ['$lte', { 'visit.number': { $lte: 5 } }, false],
    ['$gt', { 'visit.number': { $gt: -5 } }, false],
    ['$gte', { 'visit.number': { $gte: -5 } }, false],
    ['$between', { 'visit.number': { $between: [-5, 5] } }, false],
    ['$contains', { channel: { $contains: '' } }, false],
    ['$containsi', { channel: { $containsi: '' } }, false],
    ['$notContains', { channel: { $notContains: 'x' } }, true],
    ['$startsWith', { channel: { $startsWith: '' } }, false],
    ['$endsWith', { channel: { $endsWith: '' } }, false],
    ['$null: true', { channel: { $null: true } }, true],
    ['$null: false', { channel: { $null: false } }, false],
    ['$notNull: true', { channel: { $notNull: true } }, false],
    ['$notNull: false', { channel: { $notNull: false } }, true],
  ])('%s', (_, condition, expected) => {
    expect(matches(condition, {})).toBe(expected);
    expect(matches(condition, { channel: null, 'visit.number': null })).toBe(expected);
  });

  it('treats a value of the wrong type as missing', () => {
    expect(matches({ 'visit.number': { $lt: 5 } }, { 'visit.number': '3' })).toBe(false);
    expect(matches({ 'visit.number': { $null: true } }, { 'visit.number': '3' })).toBe(true);
    expect(matches({ 'visit.number': { $null: true } }, { 'visit.number': Number.NaN })).toBe(true);
  });
});

describe('condition structure', () => {
  it('matches the design example', () => {
    const condition = { persona: { $eq: 'family-father' }, 'geo.country': { $in: ['DE', 'AT'] } };
    expect(matches(condition, { persona: ['family-father'], 'geo.country': 'AT' })).toBe(true);
    expect(matches(condition, { persona: ['family-father'], 'geo.country': 'CH' })).toBe(false);
    expect(matches(condition, { persona: [], 'geo.country': 'DE' })).toBe(false);
  });

  it('reads a plain value as $eq', () => {
    expect(matches({ channel: 'email' }, { channel: 'email' })).toBe(true);
    expect(matches({ 'visit.number': 2 }, { 'visit.number': 3 })).toBe(false);
    expect(matches({ 'visit.returning': false }, { 'visit.returning': false })).toBe(true);
  });

  it('ANDs several operators on one path', () => {
    const condition = { 'visit.number': { $gte: 2, $lt: 5 } };
    expect([1, 2, 4, 5].map((n) => matches(condition, { 'visit.number': n }))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('treats an empty condition as always true', () => {
    expect(matches({}, {})).toBe(true);
  });

  it('combines nested $and, $or and $not', () => {
    const condition = {
      $or: [
        { $and: [{ channel: 'email' }, { 'visit.returning': true }] },
        { $not: { 'geo.country': { $in: ['DE', 'AT', 'CH'] } } },
      ],
    };
    expect(
      matches(condition, { channel: 'email', 'visit.returning': true, 'geo.country': 'DE' })
    ).toBe(true);
    expect(
      matches(condition, { channel: 'email', 'visit.returning': false, 'geo.country': 'DE' })
    ).toBe(false);
    expect(matches(condition, { 'geo.country': 'FR' })).toBe(true);
    expect(matches(condition, {})).toBe(true);
  });

  it('ANDs logical operators with paths of the same object', () => {
    const condition = {
      device: 'mobile',
      $or: [{ 'time.hour': { $lt: 9 } }, { 'time.hour': { $gte: 18 } }],
    };
    expect(matches(condition, { device: 'mobile', 'time.hour': 20 })).toBe(true);
    expect(matches(condition, { device: 'desktop', 'time.hour': 20 })).toBe(false);
    expect(matches(condition, { device: 'mobile', 'time.hour': 12 })).toBe(false);
  });

  it('does not depend on the condition JSON after compiling', () => {
    const condition = { 'geo.country': { $in: ['DE'] } };
    const test = compileCondition(condition);
    condition['geo.country'].$in.push('FR');
    expect(test(readerOf({ 'geo.country': 'FR' }))).toBe(false);
  });
});

describe('validateCondition', () => {
  it('accepts valid conditions', () => {
    expect(validateCondition({})).toEqual([]);
    expect(
      validateCondition({
        persona: { $eq: 'family-father' },
        'geo.country': { $in: ['DE', 'AT'] },
        $or: [{ 'visit.number': { $between: [2, 5] } }, { $not: { channel: 'email' } }],
        date: { $lt: '2026-01-01' },
        'contact.attributes.industry': { $containsi: 'auto' },
      })
    ).toEqual([]);
  });

  const deep = (levels: number): unknown =>
    levels === 1 ? { channel: 'email' } : { $not: deep(levels - 1) };

  it.each<[string, unknown, string, string]>([
    [
      'a non-object condition',
      'channel=email',
      '',
      'a condition must be an object, got the string "channel=email"',
    ],
    ['a null condition', null, '', 'a condition must be an object, got null'],
    [
      'an array condition',
      [{ channel: 'email' }],
      '',
      'a condition must be an object, got an array',
    ],
    ['an unknown path', { 'geo.contry': 'DE' }, 'geo.contry', "unknown context path 'geo.contry'"],
    ['a prefix without a name', { scores: { $gt: 1 } }, 'scores', "a name must follow 'scores.'"],
    [
      'a non-numeric day count',
      { 'goals.withinDays.week': 'x' },
      'goals.withinDays.week',
      'whole number of days',
    ],
    [
      'an unknown operator',
      { channel: { $foo: 'x' } },
      'channel.$foo',
      "unknown operator '$foo' on 'channel'",
    ],
    ['an operator without $', { channel: { eq: 'x' } }, 'channel.eq', "operators start with '$'"],
    [
      'a nested path object',
      { persona: { distance: { $lt: 2 } } },
      'persona.distance',
      "'persona.distance'",
    ],
    [
      '$not inside a path',
      { channel: { $not: { $eq: 'x' } } },
      'channel.$not',
      '{"$not": {"channel": …}}',
    ],
    ['a leaf operator at the top', { $eq: 'x' }, '$eq', '$eq must be applied to a context path'],
    ['an unknown logical operator', { $xor: [] }, '$xor', "unknown logical operator '$xor'"],
    [
      '$gt with a string on a number path',
      { 'visit.number': { $gt: '2' } },
      'visit.number.$gt',
      `$gt on 'visit.number' expects a number, got the string "2"`,
    ],
    [
      '$eq with a number on a string path',
      { channel: { $eq: 1 } },
      'channel.$eq',
      'expects a string, got the number 1',
    ],
    [
      'shorthand of the wrong type',
      { 'visit.returning': 'yes' },
      'visit.returning',
      'expects a boolean',
    ],
    [
      '$contains on a number path',
      { 'visit.number': { $contains: '1' } },
      'visit.number.$contains',
      "$contains applies to string paths only; 'visit.number' is a number",
    ],
    [
      '$eqi on a boolean path',
      { 'visit.returning': { $eqi: 'true' } },
      'visit.returning.$eqi',
      'string paths only',
    ],
    [
      '$lt on a boolean path',
      { 'visit.returning': { $lt: true } },
      'visit.returning.$lt',
      'does not apply to boolean path',
    ],
    [
      '$in that is not an array',
      { 'geo.country': { $in: 'DE' } },
      'geo.country.$in',
      'expects a non-empty array of strings',
    ],
    [
      'an empty $in',
      { 'geo.country': { $notIn: [] } },
      'geo.country.$notIn',
      'expects a non-empty array',
    ],
    [
      'an $in element of the wrong type',
      { 'geo.country': { $in: ['DE', 7] } },
      'geo.country.$in[1]',
      'expects a string, got the number 7',
    ],
    [
      '$between with one bound',
      { 'visit.number': { $between: [1] } },
      'visit.number.$between',
      'expects [low, high]',
    ],
    [
      '$between with a string bound',
      { 'visit.number': { $between: [1, '5'] } },
      'visit.number.$between[1]',
      'expects a number',
    ],
    [
      '$between with low > high',
      { 'visit.number': { $between: [5, 1] } },
      'visit.number.$between',
      'expects low ≤ high, got [5, 1]',
    ],
    [
      '$null with a non-boolean',
      { channel: { $null: 'yes' } },
      'channel.$null',
      'expects true or false',
    ],
    [
      '$notNull with a non-boolean',
      { channel: { $notNull: 1 } },
      'channel.$notNull',
      'expects true or false',
    ],
    [
      '$and that is not an array',
      { $and: { channel: 'x' } },
      '$and',
      '$and expects a non-empty array of conditions',
    ],
    ['an empty $or', { $or: [] }, '$or', '$or expects a non-empty array of conditions'],
    [
      '$not that is not an object',
      { $not: [{ channel: 'x' }] },
      '$not',
      '$not expects one condition object',
    ],
    [
      'a non-object inside $or',
      { $or: [{ channel: 'x' }, 'y'] },
      '$or[1]',
      'a condition must be an object',
    ],
    ['an empty operator object', { channel: {} }, 'channel', "no operator given for 'channel'"],
    ['an empty nested condition', { $and: [{}] }, '$and[0]', 'empty condition'],
    ['a null value', { channel: null }, 'channel', 'use {"$null": true}'],
    ['an array value', { channel: ['a', 'b'] }, 'channel', 'use {"$in": […]}'],
    [
      'a non-finite number',
      { 'visit.number': { $lt: Number.POSITIVE_INFINITY } },
      'visit.number.$lt',
      'expects a finite number',
    ],
    [
      'a string over 500 characters',
      { channel: 'x'.repeat(501) },
      'channel',
      'at most 500 characters, got 501',
    ],
    [
      'a malformed date',
      { date: { $gte: '2025-1-5' } },
      'date.$gte',
      'expects a date written YYYY-MM-DD',
    ],
    [
      'nesting deeper than 16',
      deep(17),
      Array(16).fill('$not').join('.'),
      'nested at most 16 levels',
    ],
    [
      'an error deep inside',
      { $or: [{ channel: 'x' }, { 'geo.country': { $in: 'DE' } }] },
      '$or[1].geo.country.$in',
      'non-empty array',
    ],
  ])('rejects %s', (_, condition, path, message) => {
    const issue = onlyIssue(condition);
    expect(issue.path).toBe(path);
    expect(issue.message).toContain(message);
  });

  it('accepts nesting of exactly 16 levels', () => {
    expect(validateCondition(deep(16))).toEqual([]);
  });

  it('rejects more than 200 comparisons', () => {
    const comparisons = (count: number) => ({
      $and: Array.from({ length: count }, (_, i) => ({ 'visit.number': { $ne: i } })),
    });
    expect(validateCondition(comparisons(200))).toEqual([]);
    expect(validateCondition(comparisons(201))).toEqual([
      {
        path: '$and[200].visit.number.$ne',
        message: 'a condition may hold at most 200 comparisons',
      },
    ]);
  });

  it('reports every problem, not only the first', () => {
    const issues = validateCondition({
      channel: { $foo: 1 },
      'visit.number': { $gt: 'x' },
      nope: 1,
    });
    expect(issues.map((issue) => issue.path)).toEqual(['channel.$foo', 'visit.number.$gt', 'nope']);
  });

  it.each([
    ['geo.contry', 'geo.country'],
    ['visit.numbr', 'visit.number'],
    ['Channel', 'channel'],
    ['utm.sorce', 'utm.source'],
  ])('suggests a close path for %s', (typo, suggestion) => {
    expect(onlyIssue({ [typo]: 'x' }).message).toBe(
      `unknown context path '${typo}'; did you mean '${suggestion}'?`
    );
  });

  it('does not suggest a path more than two edits away', () => {
    expect(onlyIssue({ 'location.country': 'x' }).message).toBe(
      "unknown context path 'location.country'"
    );
  });

  it('suggests a close operator', () => {
    expect(onlyIssue({ channel: { $eqq: 'x' } }).message).toBe(
      "unknown operator '$eqq' on 'channel'; did you mean '$eq'?"
    );
  });

  it('clips huge keys in messages', () => {
    expect(onlyIssue({ ['k'.repeat(10_000)]: 1 }).message.length).toBeLessThan(150);
  });

  describe('with known personas, goals and profile keys', () => {
    const catalog = catalogWith({
      personas: ['family-father', 'commuter'],
      goals: ['newsletter', 'test-drive'],
      profileKeys: ['limousine', 'suv'],
    });

    it('accepts known slugs', () => {
      const condition = {
        persona: { $in: ['family-father', 'commuter'] },
        'goals.ever': 'newsletter',
        'goals.withinDays.30': { $notIn: ['test-drive'] },
        topKey: { $ne: 'suv' },
      };
      expect(validateCondition(condition, catalog)).toEqual([]);
    });

    it.each<[unknown, string, string]>([
      [{ persona: { $eq: 'student' } }, 'persona.$eq', "unknown persona 'student'"],
      [
        { persona: 'famly-father' },
        'persona',
        "unknown persona 'famly-father'; did you mean 'family-father'?",
      ],
      [{ persona: { $notIn: ['commuter', 'x'] } }, 'persona.$notIn[1]', "unknown persona 'x'"],
      [{ 'goals.visit': { $ne: 'signup' } }, 'goals.visit.$ne', "unknown goal 'signup'"],
      [
        { 'goals.withinDays.7': { $in: ['signup'] } },
        'goals.withinDays.7.$in[0]',
        "unknown goal 'signup'",
      ],
      [{ topKey: 'van' }, 'topKey', "unknown profile key 'van'"],
    ])('rejects %j', (condition, path, message) => {
      expect(onlyIssue(condition, catalog)).toEqual({ path, message });
    });

    it('does not check substring operands against known slugs', () => {
      expect(validateCondition({ persona: { $startsWith: 'fam' } }, catalog)).toEqual([]);
    });
  });
});

describe('compileCondition', () => {
  it('throws RuleValidationError carrying the issues', () => {
    let caught: unknown;
    try {
      compileCondition({ 'geo.contry': 'DE' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleValidationError);
    const error = caught as RuleValidationError;
    expect(error.issues).toEqual([
      {
        path: 'geo.contry',
        message: "unknown context path 'geo.contry'; did you mean 'geo.country'?",
      },
    ]);
    expect(error.message).toContain('geo.contry');
  });

  it('reads each path once, even with several operators on it', () => {
    const reads: string[] = [];
    compileCondition({ 'visit.number': { $gte: 2, $lt: 5 } })((path) => {
      reads.push(path);
      return 3;
    });
    expect(reads).toEqual(['visit.number']);
  });
});

describe('explainCondition', () => {
  it('shows each comparison with its actual value', () => {
    const condition = { persona: 'family-father', 'visit.number': { $gte: 2, $lt: 5 } };
    const explanation = explainCondition(
      condition,
      readerOf({ persona: ['commuter'], 'visit.number': 3 })
    );
    expect(explanation).toEqual({
      kind: 'and',
      result: false,
      children: [
        {
          kind: 'leaf',
          path: 'persona',
          operator: '$eq',
          operand: 'family-father',
          actual: ['commuter'],
          result: false,
        },
        {
          kind: 'and',
          path: 'visit.number',
          result: true,
          children: [
            {
              kind: 'leaf',
              path: 'visit.number',
              operator: '$gte',
              operand: 2,
              actual: 3,
              result: true,
            },
            {
              kind: 'leaf',
              path: 'visit.number',
              operator: '$lt',
              operand: 5,
              actual: 3,
              result: true,
            },
          ],
        },
      ],
    });
  });

  it('explains $or and $not', () => {
    const explanation = explainCondition(
      { $or: [{ $not: { channel: 'email' } }] },
      readerOf({ channel: 'email' })
    );
    expect(explanation).toMatchObject({
      kind: 'or',
      result: false,
      children: [{ kind: 'not', result: false, children: [{ kind: 'leaf', result: true }] }],
    });
  });

  it('throws on an invalid condition', () => {
    expect(() => explainCondition({ channel: {} }, readerOf({}))).toThrow(RuleValidationError);
  });
});

describe('conditionPaths', () => {
  it('lists distinct paths in order of appearance', () => {
    const condition = {
      persona: 'x',
      $or: [{ 'geo.country': 'DE' }, { $not: { persona: 'y', channel: { $ne: 'email' } } }],
      $and: [{ 'geo.country': 'AT' }],
    };
    expect(conditionPaths(condition)).toEqual(['persona', 'geo.country', 'channel']);
  });

  it('tolerates invalid input', () => {
    expect(conditionPaths(null)).toEqual([]);
    expect(conditionPaths({ $or: 'x', $not: 3, $eq: 1, channel: 'x' })).toEqual(['channel']);
  });
});

describe('rule sets', () => {
  const rules: VariantRuleDef[] = [
    {
      name: 'Families in DACH',
      condition: { persona: 'family-father', 'geo.country': { $in: ['DE', 'AT', 'CH'] } },
      variant: 'doc-family',
    },
    {
      name: 'Returning visitors',
      condition: { 'visit.returning': true },
      variant: 'doc-returning',
    },
    { name: 'Email campaign keeps base', condition: { channel: 'email' }, variant: null },
  ];
  const set = compileRuleSet(rules);

  it('picks the first matching rule in order', () => {
    const read = readerOf({
      persona: ['family-father'],
      'geo.country': 'DE',
      'visit.returning': true,
    });
    expect(pickRule(set, read)).toEqual({ name: 'Families in DACH', variant: 'doc-family' });
    expect(pickRule(set, readerOf({ 'visit.returning': true, channel: 'email' }))).toEqual({
      name: 'Returning visitors',
      variant: 'doc-returning',
    });
  });

  it('returns a rule whose variant is null (serve the base document)', () => {
    expect(pickRule(set, readerOf({ channel: 'email' }))).toEqual({
      name: 'Email campaign keeps base',
      variant: null,
    });
  });

  it('returns null when no rule matches', () => {
    expect(pickRule(set, readerOf({}))).toBeNull();
  });

  it('lets an empty condition catch everything that came before', () => {
    const withFallback = compileRuleSet([
      ...rules,
      { name: 'Everyone else', condition: {}, variant: 'doc-default' },
    ]);
    expect(pickRule(withFallback, readerOf({}))).toEqual({
      name: 'Everyone else',
      variant: 'doc-default',
    });
  });

  it('collects the paths of all rules', () => {
    expect(set.paths).toEqual(['persona', 'geo.country', 'visit.returning', 'channel']);
  });

  it('throws RuleValidationError for an invalid rule set', () => {
    expect(() => compileRuleSet([{ name: 'x', condition: { nope: 1 }, variant: null }])).toThrow(
      RuleValidationError
    );
  });

  it('validates a valid rule set', () => {
    expect(validateRuleSet(rules)).toEqual([]);
  });

  const rule = { name: 'r', condition: {}, variant: null };

  it.each<[string, unknown, string, string]>([
    ['a non-array', { rules: [] }, '', 'rules must be an array'],
    [
      'more than 50 rules',
      Array.from({ length: 51 }, (_, i) => ({ ...rule, name: `r${i}` })),
      '',
      'at most 50 rules',
    ],
    ['a non-object rule', [rule, 'r2'], '[1]', 'a rule must be an object'],
    ['a missing name', [{ condition: {}, variant: null }], '[0].name', 'non-empty name'],
    ['a blank name', [{ ...rule, name: '  ' }], '[0].name', 'non-empty name'],
    [
      'a name over 100 characters',
      [{ ...rule, name: 'n'.repeat(101) }],
      '[0].name',
      'limited to 100 characters',
    ],
    [
      'a duplicate name',
      [rule, { ...rule }],
      '[1].name',
      "duplicate rule name 'r'; rule [0] already uses it",
    ],
    [
      'a missing variant',
      [{ name: 'r', condition: {} }],
      '[0].variant',
      'variant must be a documentId or null',
    ],
    [
      'an empty variant',
      [{ ...rule, variant: '' }],
      '[0].variant',
      'variant must be a documentId or null',
    ],
    [
      'a missing condition',
      [{ name: 'r', variant: null }],
      '[0].condition',
      'a condition must be an object, got nothing',
    ],
    [
      'an invalid condition',
      [rule, rule, { ...rule, name: 'c', condition: { channel: { $gt: 1 } } }],
      '[2].condition.channel.$gt',
      'expects a string',
    ],
  ])('rejects %s', (_, input, path, message) => {
    const issues = validateRuleSet(input);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue?.message).toContain(message);
  });

  it.each([
    ['the string "false"', 'false'],
    ['0', 0],
    ['null', null],
  ])('rejects enabled as %s', (_, enabled) => {
    expect(validateRuleSet([{ ...rule, enabled }])).toContainEqual({
      path: '[0].enabled',
      message: expect.stringContaining('enabled must be true or false'),
    });
  });

  it('accepts enabled true, false or absent', () => {
    expect(
      validateRuleSet([
        { ...rule, name: 'a', enabled: true },
        { ...rule, name: 'b', enabled: false },
        rule,
      ])
    ).toEqual([]);
  });

  it('reports the location of a condition error inside a rule', () => {
    const issues = validateRuleSet([
      rule,
      rule,
      { name: 'c', condition: { chanel: 'x' }, variant: null },
    ]);
    expect(issues).toContainEqual({
      path: '[2].condition.chanel',
      message: "unknown context path 'chanel'; did you mean 'channel'?",
    });
  });
});

describe('disabled rules', () => {
  const rules: VariantRuleDef[] = [
    {
      name: 'Returning (prepared)',
      condition: { 'visit.returning': true },
      variant: 'doc-returning',
      enabled: false,
    },
    { name: 'Email', condition: { channel: 'email' }, variant: 'doc-email' },
    { name: 'Everyone (prepared)', condition: {}, variant: 'doc-everyone', enabled: false },
  ];

  it('are skipped when serving: the next enabled rule that matches wins', () => {
    const set = compileRuleSet(rules);
    expect(pickRule(set, readerOf({ 'visit.returning': true, channel: 'email' }))).toEqual({
      name: 'Email',
      variant: 'doc-email',
    });
    expect(pickRule(set, readerOf({ 'visit.returning': true }))).toBeNull();
  });

  it('do not contribute the paths they read', () => {
    expect(compileRuleSet(rules).paths).toEqual(['channel']);
  });

  it('are still validated', () => {
    expect(() =>
      compileRuleSet([{ name: 'x', condition: { nope: 1 }, variant: null, enabled: false }])
    ).toThrow(RuleValidationError);
  });

  it('still name their variants', () => {
    expect(variantsOf(rules)).toEqual(['doc-returning', 'doc-email', 'doc-everyone']);
    expect(
      variantsOf([
        ...rules,
        { name: 'Base', condition: {}, variant: null },
        { ...rules[1], name: 'Again' },
      ])
    ).toEqual(['doc-returning', 'doc-email', 'doc-everyone']);
  });

  it('are explained as disabled, with what their condition would do', () => {
    const { rules: explained, chosen } = explainRuleSet(
      rules,
      readerOf({ 'visit.returning': true, channel: 'email' })
    );
    expect(explained.map(({ name, enabled, matched }) => ({ name, enabled, matched }))).toEqual([
      { name: 'Returning (prepared)', enabled: false, matched: true },
      { name: 'Email', enabled: true, matched: true },
      { name: 'Everyone (prepared)', enabled: false, matched: true },
    ]);
    expect(chosen?.name).toBe('Email');
    expect(explainRuleSet(rules, readerOf({})).chosen).toBeNull();
  });

  it('treat an absent flag as enabled', () => {
    expect(isRuleEnabled({})).toBe(true);
    expect(isRuleEnabled({ enabled: true })).toBe(true);
    expect(isRuleEnabled({ enabled: false })).toBe(false);
  });
});

describe('properties', () => {
  const texts = fc.constantFrom('', 'a', 'A', 'ab', 'Ab', 'b', 'ba');
  const numbers = fc.integer({ min: -3, max: 3 });
  const textPaths = fc.constantFrom('channel', 'geo.country', 'languages');

  const textLeaf = fc.oneof(
    fc
      .tuple(
        textPaths,
        fc.constantFrom(
          '$eq',
          '$ne',
          '$eqi',
          '$contains',
          '$containsi',
          '$notContains',
          '$startsWith',
          '$endsWith',
          '$lt',
          '$gte'
        ),
        texts
      )
      .map(([path, operator, operand]) => ({ [path]: { [operator]: operand } })),
    fc
      .tuple(
        textPaths,
        fc.constantFrom('$in', '$notIn'),
        fc.array(texts, { minLength: 1, maxLength: 3 })
      )
      .map(([path, operator, operand]) => ({ [path]: { [operator]: operand } })),
    fc.tuple(textPaths, texts).map(([path, value]) => ({ [path]: value }))
  );
  const numberLeaf = fc.oneof(
    fc
      .tuple(fc.constantFrom('$eq', '$ne', '$lt', '$lte', '$gt', '$gte'), numbers)
      .map(([operator, operand]) => ({ 'visit.number': { [operator]: operand } })),
    fc
      .tuple(numbers, numbers)
      .map(([a, b]) => ({ 'visit.number': { $between: [Math.min(a, b), Math.max(a, b)] } })),
    fc.record({ 'visit.number': fc.record({ $gte: numbers, $lte: numbers }) })
  );
  const booleanLeaf = fc.boolean().map((value) => ({ 'visit.returning': value }));
  const nullLeaf = fc
    .tuple(
      fc.constantFrom('channel', 'languages', 'visit.number'),
      fc.constantFrom('$null', '$notNull'),
      fc.boolean()
    )
    .map(([path, operator, operand]) => ({ [path]: { [operator]: operand } }));
  const leaf = fc.oneof(textLeaf, numberLeaf, booleanLeaf, nullLeaf);

  const { condition } = fc.letrec<{ condition: object }>((tie) => ({
    condition: fc.oneof(
      { maxDepth: 4 },
      leaf,
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((items) => ({ $and: items })),
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((items) => ({ $or: items })),
      tie('condition').map((inner) => ({ $not: inner }))
    ),
  }));

  const missing = fc.constantFrom(undefined, null);
  const context: fc.Arbitrary<Context> = fc.record({
    channel: fc.oneof(texts, missing),
    'geo.country': fc.oneof(texts, missing),
    languages: fc.oneof(fc.array(texts, { maxLength: 3 }), missing),
    'visit.number': fc.oneof(numbers, missing),
    'visit.returning': fc.oneof(fc.boolean(), missing),
  });

  it('$not always negates its condition', () => {
    fc.assert(
      fc.property(condition, context, (inner, visitor) => {
        expect(matches({ $not: inner }, visitor)).toBe(!matches(inner, visitor));
      })
    );
  });

  it('$in [x] is $eq x and $notIn [x] is $ne x', () => {
    fc.assert(
      fc.property(textPaths, texts, context, (path, value, visitor) => {
        expect(matches({ [path]: { $in: [value] } }, visitor)).toBe(
          matches({ [path]: { $eq: value } }, visitor)
        );
        expect(matches({ [path]: { $notIn: [value] } }, visitor)).toBe(
          matches({ [path]: { $ne: value } }, visitor)
        );
      })
    );
  });

  it('negative operators are $not of their positive operator', () => {
    const pairs = [
      ['$ne', '$eq'],
      ['$notIn', '$in'],
      ['$notContains', '$contains'],
    ] as const;
    fc.assert(
      fc.property(
        textPaths,
        fc.constantFrom(...pairs),
        texts,
        context,
        (path, [negative, positive], value, visitor) => {
          const operand = positive === '$in' ? [value] : value;
          expect(matches({ [path]: { [negative]: operand } }, visitor)).toBe(
            matches({ $not: { [path]: { [positive]: operand } } }, visitor)
          );
        }
      )
    );
  });

  it('$between [a, b] is $gte a and $lte b', () => {
    fc.assert(
      fc.property(numbers, numbers, context, (a, b, visitor) => {
        const [low, high] = [Math.min(a, b), Math.max(a, b)];
        expect(matches({ 'visit.number': { $between: [low, high] } }, visitor)).toBe(
          matches({ 'visit.number': { $gte: low, $lte: high } }, visitor)
        );
      })
    );
  });

  it('compile and explain always agree', () => {
    fc.assert(
      fc.property(condition, context, (generated, visitor) => {
        const read = readerOf(visitor);
        expect(explainCondition(generated, read).result).toBe(compileCondition(generated)(read));
      })
    );
  });

  describe('of rule sets', () => {
    const ruleSet = fc
      .array(
        fc.record({
          condition,
          variant: fc.constantFrom(null, 'doc-a', 'doc-b', 'doc-c'),
          enabled: fc.boolean(),
        }),
        {
          minLength: 1,
          maxLength: 6,
        }
      )
      .map((rules) => rules.map((rule, index) => ({ ...rule, name: `rule ${index}` })));

    it('disabling a rule never makes a visitor get that rule, and changes nothing for visitors who got another', () => {
      fc.assert(
        fc.property(ruleSet, fc.nat(), context, (rules, which, visitor) => {
          const index = which % rules.length;
          const before = pickRule(compileRuleSet(rules), readerOf(visitor));
          const disabled = rules.map((rule, i) =>
            i === index ? { ...rule, enabled: false } : rule
          );
          const after = pickRule(compileRuleSet(disabled), readerOf(visitor));
          expect(after?.name).not.toBe(rules[index].name);
          if (before?.name !== rules[index].name) expect(after).toEqual(before);
        })
      );
    });

    it('explainRuleSet chooses what pickRule picks', () => {
      fc.assert(
        fc.property(ruleSet, context, (rules, visitor) => {
          const read = readerOf(visitor);
          const { chosen } = explainRuleSet(rules, read);
          expect(chosen ? { name: chosen.name, variant: chosen.variant } : null).toEqual(
            pickRule(compileRuleSet(rules), read)
          );
        })
      );
    });
  });

  it('a compiled condition reads only the paths conditionPaths lists', () => {
    fc.assert(
      fc.property(condition, context, (generated, visitor) => {
        const listed = new Set(conditionPaths(generated));
        compileCondition(generated)((path) => {
          expect(listed.has(path)).toBe(true);
          return visitor[path];
        });
      })
    );
  });
});
