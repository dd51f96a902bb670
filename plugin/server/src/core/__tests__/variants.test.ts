import fc from 'fast-check';
import { validateRuleSet, type VariantRuleDef } from '../rules';
import {
  preparedRule,
  variantSlug,
  variantOrigins,
  variantTitle,
  withRuleEnabled,
  withRuleMoved,
} from '../variants';

const rules: VariantRuleDef[] = [
  { name: 'Families', condition: { persona: 'family-father' }, variant: 'doc-family' },
  { name: 'Germany', condition: { 'geo.country': 'DE' }, variant: 'doc-de', enabled: false },
  { name: 'Email keeps base', condition: { channel: 'email' }, variant: null },
];

describe('the copy', () => {
  it('marks the title and the slug', () => {
    expect(variantTitle('Hybrid')).toBe('Hybrid (variant)');
    expect(variantSlug('hybrid')).toBe('hybrid-variant');
  });

  it('keeps within the field length by cutting the base, never the mark', () => {
    expect(variantTitle('A long page title', 16)).toBe('A long (variant)');
    expect(variantSlug('a'.repeat(20), 12)).toBe('aaaa-variant');
    expect(variantTitle('Short', 100)).toBe('Short (variant)');
  });
});

describe('preparedRule', () => {
  it('is a disabled rule for everyone, naming the variant', () => {
    expect(preparedRule(rules, 'Hybrid (variant)', 'doc-new')).toEqual({
      name: 'Variant: Hybrid (variant)',
      condition: {},
      variant: 'doc-new',
      enabled: false,
    });
  });

  it('numbers the name when it is taken', () => {
    const first = preparedRule([], 'Hybrid (variant)', 'a');
    const second = preparedRule([first], 'Hybrid (variant)', 'b');
    expect(second.name).toBe('Variant: Hybrid (variant) 2');
    expect(preparedRule([first, second], 'Hybrid (variant)', 'c').name).toBe(
      'Variant: Hybrid (variant) 3'
    );
  });

  it('always leaves a valid rule set when appended', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 300 }), { maxLength: 8 }),
        fc.string({ maxLength: 300 }),
        (titles, title) => {
          const set: VariantRuleDef[] = [];
          for (const [index, each] of [...titles, title, title].entries())
            set.push(preparedRule(set, each, `doc-${index}`));
          expect(validateRuleSet(set)).toEqual([]);
        }
      )
    );
  });
});

describe('panel edits', () => {
  it('enables or disables one rule and leaves the others', () => {
    expect(withRuleEnabled(rules, 'Germany', true)?.map((rule) => rule.enabled)).toEqual([
      undefined,
      true,
      undefined,
    ]);
    expect(withRuleEnabled(rules, 'Families', false)?.[0]).toEqual({ ...rules[0], enabled: false });
    expect(withRuleEnabled(rules, 'Nobody', true)).toBeNull();
  });

  it('moves a rule up or down, and not past either end', () => {
    const names = (set: VariantRuleDef[] | null) => set?.map((rule) => rule.name);
    expect(names(withRuleMoved(rules, 'Germany', 'up'))).toEqual([
      'Germany',
      'Families',
      'Email keeps base',
    ]);
    expect(names(withRuleMoved(rules, 'Germany', 'down'))).toEqual([
      'Families',
      'Email keeps base',
      'Germany',
    ]);
    expect(names(withRuleMoved(rules, 'Families', 'up'))).toEqual(names(rules));
    expect(names(withRuleMoved(rules, 'Email keeps base', 'down'))).toEqual(names(rules));
    expect(withRuleMoved(rules, 'Nobody', 'up')).toBeNull();
  });

  it('moving keeps the same rules, and up then down restores the order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.constantFrom('up' as const, 'down' as const),
        (size, which, direction) => {
          const set = Array.from({ length: size }, (_, i) => ({
            name: `r${i}`,
            condition: {},
            variant: null,
          }));
          const index = which % size;
          const name = `r${index}`;
          const moved = withRuleMoved(set, name, direction)!;
          expect([...moved].sort((a, b) => a.name.localeCompare(b.name))).toEqual(set);
          const atEnd = direction === 'up' ? index === 0 : index === size - 1;
          if (!atEnd)
            expect(withRuleMoved(moved, name, direction === 'up' ? 'down' : 'up')).toEqual(set);
        }
      )
    );
  });
});

describe('variantOrigins', () => {
  it('names each variant once, with the base that serves it, rule sets first', () => {
    const origins = variantOrigins(
      [
        { baseDocumentId: 'home', rules },
        { baseDocumentId: 'hybrid', rules: [{ variant: 'doc-family' }, { variant: 'hybrid' }] },
      ],
      [
        { baseDocumentId: 'home', variants: [{ documentId: null }, { documentId: 'doc-arm' }] },
        { baseDocumentId: 'home', variants: [{ documentId: 'doc-de' }] },
      ]
    );
    expect(origins).toEqual([
      { documentId: 'doc-family', baseDocumentId: 'home', servedBy: 'rules' },
      { documentId: 'doc-de', baseDocumentId: 'home', servedBy: 'rules' },
      { documentId: 'doc-arm', baseDocumentId: 'home', servedBy: 'experiment' },
    ]);
  });

  it('never makes a base a variant of itself', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', null)),
        fc.constantFrom('a', 'b'),
        (ids, base) => {
          const origins = variantOrigins(
            [{ baseDocumentId: base, rules: ids.map((variant) => ({ variant })) }],
            [{ baseDocumentId: base, variants: ids.map((documentId) => ({ documentId })) }]
          );
          expect(origins.map((origin) => origin.documentId)).not.toContain(base);
          expect(new Set(origins.map((origin) => origin.documentId)).size).toBe(origins.length);
        }
      )
    );
  });
});
