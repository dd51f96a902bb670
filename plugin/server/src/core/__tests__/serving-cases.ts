/**
 * The serving decision as a table (GrowthBook's cases.json style): each case names the rules
 * and the experiment of a base document, the visitor, and what the visitor is served. The unit
 * test of core/serving runs them on the pure decision; tests/api/serving-cases runs the same
 * cases through the simulator and through real Content API reads, which must agree.
 *
 * Documents are named, not ids: `base` is the document read, `a` and `b` two variant documents.
 * Visitor ids are chosen for their GrowthBook bucket in the case's experiment.
 */
export type CaseDocument = 'base' | 'a' | 'b';

export interface ServingCase {
  name: string;
  /** the base document's variant rules, in order */
  rules?: Array<{
    name: string;
    condition: Record<string, unknown>;
    variant: CaseDocument | null;
    enabled?: boolean;
  }>;
  /** the experiment running on the base document */
  experiment?: {
    slug: string;
    variants: Array<{
      key: string;
      document: CaseDocument | null;
      weight: number;
      personalized?: boolean;
    }>;
    coverage?: number;
    holdout?: number;
  };
  visitor: {
    /** a uuid v4, as the visitor cookie carries */
    id: string;
    consent?: 'implied' | 'analytics' | 'personalization';
    /** the variant of the experiment this visitor was first exposed to */
    assignment?: string;
    /** persona matched in the `vehicle-interest` profile */
    persona?: 'family-father' | 'urban-single';
    /** channel of the visit (a real visitor arrives with `utm_medium=email`) */
    channel?: 'email';
    identified?: boolean;
  };
  expected: {
    serve: CaseDocument;
    /** what `X-CXM-Variant` says of the base document; null: nothing applies, the header names it not */
    label: string | null;
    /** the experiment variant whose first exposure is recorded now; null: none */
    exposure: string | null;
  };
}

const familyFatherGetsA = {
  name: 'family-father',
  condition: { persona: { $eq: 'family-father' } },
  variant: 'a' as const,
};
const newsletterGetsB = {
  name: 'newsletter',
  condition: { channel: { $eq: 'email' } },
  variant: 'b' as const,
};
const abTest = (slug: string, coverage?: number) => ({
  slug,
  variants: [
    { key: 'control', document: null, weight: 0.5 },
    { key: 'b', document: 'b' as const, weight: 0.5 },
  ],
  ...(coverage === undefined ? {} : { coverage }),
});
const personalizationTest = (slug: string) => ({
  slug,
  variants: [
    { key: 'default', document: null, weight: 0.5 },
    { key: 'personalized', document: null, weight: 0.5, personalized: true },
  ],
  holdout: 0.3,
});
const visitorId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const SERVING_CASES: ServingCase[] = [
  {
    name: 'no rule matches: the base, labelled default',
    rules: [familyFatherGetsA],
    visitor: { id: visitorId(1) },
    expected: { serve: 'base', label: 'default', exposure: null },
  },
  {
    name: 'the first matching rule serves its variant',
    rules: [familyFatherGetsA, newsletterGetsB],
    visitor: { id: visitorId(2), persona: 'family-father', channel: 'email' },
    expected: { serve: 'a', label: 'family-father', exposure: null },
  },
  {
    name: 'a later rule serves when the first does not match',
    rules: [familyFatherGetsA, newsletterGetsB],
    visitor: { id: visitorId(3), persona: 'urban-single', channel: 'email' },
    expected: { serve: 'b', label: 'newsletter', exposure: null },
  },
  {
    name: 'a matching rule may serve the base itself',
    rules: [
      { name: 'known', condition: { 'contact.identified': { $eq: true } }, variant: null },
      newsletterGetsB,
    ],
    visitor: { id: visitorId(4), identified: true, channel: 'email' },
    expected: { serve: 'base', label: 'known', exposure: null },
  },
  {
    name: 'a disabled rule is never served',
    rules: [{ ...familyFatherGetsA, enabled: false }, newsletterGetsB],
    visitor: { id: visitorId(5), persona: 'family-father' },
    expected: { serve: 'base', label: 'default', exposure: null },
  },
  {
    name: 'consent to analytics only: measured, never personalized',
    rules: [familyFatherGetsA],
    visitor: { id: visitorId(6), persona: 'family-father', consent: 'analytics' },
    expected: { serve: 'base', label: 'default', exposure: null },
  },
  {
    name: 'consent to personalization: personalized',
    rules: [familyFatherGetsA],
    visitor: { id: visitorId(7), persona: 'family-father', consent: 'personalization' },
    expected: { serve: 'a', label: 'family-father', exposure: null },
  },
  {
    name: "the experiment's bucket decides before the rules, and its first exposure is due",
    rules: [familyFatherGetsA],
    experiment: abTest('serving-bucket-b'),
    visitor: { id: visitorId(100), persona: 'family-father' },
    expected: { serve: 'b', label: 'experiment:serving-bucket-b:b', exposure: 'b' },
  },
  {
    name: 'the control bucket serves the base, and the rules do not apply',
    rules: [familyFatherGetsA],
    experiment: abTest('serving-bucket-control'),
    visitor: { id: visitorId(102), persona: 'family-father' },
    expected: {
      serve: 'base',
      label: 'experiment:serving-bucket-control:control',
      exposure: 'control',
    },
  },
  {
    name: 'a stored assignment is kept whatever the bucket, with no second exposure',
    experiment: abTest('serving-sticky'),
    visitor: { id: visitorId(104), assignment: 'b' },
    expected: { serve: 'b', label: 'experiment:serving-sticky:b', exposure: null },
  },
  {
    name: 'an assignment to a variant the experiment no longer has is bucketed again',
    experiment: abTest('serving-reassigned'),
    visitor: { id: visitorId(108), assignment: 'retired' },
    expected: {
      serve: 'base',
      label: 'experiment:serving-reassigned:control',
      exposure: 'control',
    },
  },
  {
    name: 'a held-out visitor sees the base without any personalization',
    rules: [familyFatherGetsA],
    experiment: personalizationTest('serving-holdout'),
    visitor: { id: visitorId(117), persona: 'family-father' },
    expected: { serve: 'base', label: 'experiment:serving-holdout:holdout', exposure: 'holdout' },
  },
  {
    name: 'a personalized experiment variant applies the rules',
    rules: [familyFatherGetsA],
    experiment: personalizationTest('serving-personalized'),
    visitor: { id: visitorId(118), persona: 'family-father' },
    expected: {
      serve: 'a',
      label: 'experiment:serving-personalized:personalized/family-father',
      exposure: 'personalized',
    },
  },
  {
    name: 'the default experiment variant of a personalization test serves the base',
    rules: [familyFatherGetsA],
    experiment: personalizationTest('serving-personalized-default'),
    visitor: { id: visitorId(119), persona: 'family-father' },
    expected: {
      serve: 'base',
      label: 'experiment:serving-personalized-default:default',
      exposure: 'default',
    },
  },
  {
    name: 'consent to analytics only still takes part in experiments, not in rules',
    rules: [familyFatherGetsA],
    experiment: personalizationTest('serving-analytics-experiment'),
    visitor: { id: visitorId(122), persona: 'family-father', consent: 'analytics' },
    expected: {
      serve: 'base',
      label: 'experiment:serving-analytics-experiment:personalized/default',
      exposure: 'personalized',
    },
  },
  {
    name: "outside the experiment's coverage: no exposure, the rules alone decide",
    rules: [familyFatherGetsA],
    experiment: abTest('serving-coverage', 0.2),
    visitor: { id: visitorId(124), persona: 'family-father' },
    expected: { serve: 'a', label: 'family-father', exposure: null },
  },
  {
    name: 'outside the coverage of an experiment without rules: nothing applies',
    experiment: abTest('serving-outside', 0.2),
    visitor: { id: visitorId(125) },
    expected: { serve: 'base', label: null, exposure: null },
  },
];
