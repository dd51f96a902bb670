import { compileRuleSet } from '../rules';
import { createContextReader } from '../visitor-context';
import { decideServing } from '../serving';
import type { ExperimentDef } from '../experiments';
import { SERVING_CASES, type CaseDocument, type ServingCase } from './serving-cases';

const DOCUMENT_IDS: Record<CaseDocument, string> = { base: 'doc-base', a: 'doc-a', b: 'doc-b' };
const idOf = (document: CaseDocument | null) => (document ? DOCUMENT_IDS[document] : null);
const NOW = Date.UTC(2026, 10, 30, 12);

function experimentOf(definition: ServingCase['experiment']): ExperimentDef | undefined {
  if (!definition) return undefined;
  return {
    slug: definition.slug,
    baseUid: 'api::page.page',
    baseDocumentId: DOCUMENT_IDS.base,
    variants: definition.variants.map(({ document, ...variant }) => ({
      ...variant,
      documentId: idOf(document),
    })),
    coverage: definition.coverage ?? 1,
    holdout: definition.holdout ?? 0,
    successGoals: ['test-drive-booking'],
    minimumSample: 100,
  };
}

function readerOf(visitor: ServingCase['visitor']) {
  return createContextReader({
    now: NOW,
    profiles: [],
    contact: {
      identified: !!visitor.identified,
      consent: visitor.consent ?? 'implied',
      profiles: {},
      personas: {
        'vehicle-interest': visitor.persona ? { persona: visitor.persona, distance: 0 } : null,
      },
      goals: {},
      engagementValue: 0,
      attributes: {},
    },
    visit: {
      number: 1,
      pageCount: 1,
      value: 0,
      goals: [],
      channel: visitor.channel ?? 'direct',
      campaign: null,
      referrer: null,
      utm: {},
      geo: null,
      device: 'desktop',
      os: null,
      browser: null,
      languages: [],
    },
  });
}

describe('the serving decision', () => {
  it.each(SERVING_CASES.map((servingCase) => [servingCase.name, servingCase] as const))(
    '%s',
    (_name, { rules, experiment, visitor, expected }) => {
      const decision = decideServing({
        documentId: DOCUMENT_IDS.base,
        rules: rules
          ? compileRuleSet(rules.map((rule) => ({ ...rule, variant: idOf(rule.variant) })))
          : undefined,
        experiment: experimentOf(experiment),
        visitorId: visitor.id,
        assignment: visitor.assignment ? { variant: visitor.assignment, at: NOW - 1 } : undefined,
        consent: visitor.consent ?? 'implied',
        reader: () => readerOf(visitor),
      });
      expect(decision?.variant ?? DOCUMENT_IDS.base).toBe(DOCUMENT_IDS[expected.serve]);
      expect(decision?.label ?? null).toBe(expected.label);
      expect(decision?.exposure ?? null).toEqual(
        expected.exposure ? { experiment: experiment!.slug, variant: expected.exposure } : null
      );
    }
  );

  it('reads the context only when rules are evaluated', () => {
    const inControl = SERVING_CASES.find(
      (servingCase) => servingCase.expected.exposure === 'control'
    )!;
    const reader = jest.fn(() => readerOf(inControl.visitor));
    decideServing({
      documentId: DOCUMENT_IDS.base,
      rules: compileRuleSet([{ name: 'anyone', condition: {}, variant: DOCUMENT_IDS.a }]),
      experiment: experimentOf(inControl.experiment),
      visitorId: inControl.visitor.id,
      assignment: undefined,
      consent: 'implied',
      reader,
    });
    expect(reader).not.toHaveBeenCalled();
  });
});
