import fc from 'fast-check';
import {
  catalogWith,
  compileCondition,
  conditionPaths,
  isRuleEnabled,
  parseRuleSet,
  pickRule,
  validateRuleSet,
  type ContextReader,
  type VariantRuleDef,
} from '../rules';

const catalog = catalogWith({ personas: ['family-father', 'urban-single'] });

const validCondition = fc.oneof(
  fc.constant({}),
  fc.record({ channel: fc.constantFrom('email', 'direct') }),
  fc.record({
    persona: fc.record({ $in: fc.subarray(['family-father', 'urban-single'], { minLength: 1 }) }),
  }),
  fc.record({ 'visit.number': fc.record({ $gte: fc.integer({ min: 0, max: 4 }) }) }),
  fc.record({
    $or: fc.tuple(
      fc.record({ 'geo.country': fc.constantFrom('DE', 'AT') }),
      fc.record({ 'visit.returning': fc.boolean() })
    ),
  })
);

/** Conditions with an unknown path, persona or operator besides valid ones. */
const anyCondition = fc.oneof(
  validCondition,
  fc.record({ 'no.such.path': fc.constant(1) }),
  fc.record({ persona: fc.constant('nobody') }),
  fc.record({ channel: fc.record({ $like: fc.constant('x') }) })
);

const ruleSetOf = (condition: fc.Arbitrary<object>) =>
  fc
    .array(
      fc.record({
        condition,
        variant: fc.constantFrom(null, 'doc-a', 'doc-b'),
        enabled: fc.boolean(),
      }),
      { maxLength: 5 }
    )
    .map((rules): VariantRuleDef[] => rules.map((rule, index) => ({ ...rule, name: `r${index}` })));

const visitor = fc.record({
  channel: fc.constantFrom('email', 'direct', undefined),
  persona: fc.subarray(['family-father', 'urban-single']),
  'visit.number': fc.integer({ min: 1, max: 5 }),
  'visit.returning': fc.boolean(),
  'geo.country': fc.constantFrom('DE', 'AT', 'FR', undefined),
});

const readerOf =
  (context: Record<string, unknown>): ContextReader =>
  (path) =>
    context[path];

describe('parseRuleSet: a stored rule set parsed once', () => {
  it('reports exactly the issues validateRuleSet reports, and compiles only without them', () => {
    fc.assert(
      fc.property(ruleSetOf(anyCondition), (rules) => {
        const parsed = parseRuleSet(rules, catalog);
        const issues = validateRuleSet(rules, catalog);
        if (issues.length > 0) expect(parsed).toEqual({ issues });
        else expect('compiled' in parsed && parsed.rules).toBe(rules);
      })
    );
  });

  it('serves what each enabled condition compiled on its own would serve, and lists their paths', () => {
    fc.assert(
      fc.property(ruleSetOf(validCondition), visitor, (rules, context) => {
        const parsed = parseRuleSet(rules, catalog);
        if (!('compiled' in parsed))
          throw new Error(`valid rules refused: ${JSON.stringify(parsed)}`);
        const enabled = rules.filter(isRuleEnabled);
        const read = readerOf(context);
        const expected = enabled.find((rule) => compileCondition(rule.condition, catalog)(read));
        expect(pickRule(parsed.compiled, read)).toEqual(
          expected ? { name: expected.name, variant: expected.variant } : null
        );
        expect(parsed.compiled.paths).toEqual([
          ...new Set(enabled.flatMap((rule) => conditionPaths(rule.condition))),
        ]);
      })
    );
  });

  it.each([
    ['not an array', { rules: 'x' }],
    ['a rule without a name', [{ condition: {}, variant: null }]],
  ])('answers issues for %s', (_, rules) => {
    const parsed = parseRuleSet(rules, catalog);
    expect('issues' in parsed && parsed.issues.length).toBeGreaterThan(0);
  });
});
