/**
 * An experiment as the Experiments form edits it: arms that each show the base entry, the entry
 * personalized by its rules, or another entry, with weights in whole percent; and the checks a
 * marketer sees before saving or starting, in words.
 */
import type {
  DocumentOption,
  ExperimentCreateInput,
  ExperimentDetail,
  ExperimentVariant,
} from '../../../server/src/contracts';
import type { Translate } from './translate';

/** What an arm shows: the base entry, the base personalized by its rules, or an entry's documentId. */
export const BASE = 'base';
export const PERSONALIZED = 'personalized';

export interface ArmDraft {
  id: string;
  serves: string;
  /** whole percent of the visitors in the experiment */
  weight: number;
}

export interface ExperimentDraft {
  name: string;
  hypothesis: string;
  baseUid: string;
  baseDocumentId: string;
  arms: ArmDraft[];
  /** whole percent */
  coverage: number;
  holdout: number;
  primaryGoal: string;
  otherGoals: string[];
  minimumSample: number;
}

let armIds = 0;
export const newArm = (serves: string, weight: number): ArmDraft => ({
  id: `arm-${++armIds}`,
  serves,
  weight,
});

/** Whole percents that add up to 100, the first ones one higher where 100 does not divide. */
export function evenWeights(count: number): number[] {
  const share = Math.floor(100 / count);
  return Array.from({ length: count }, (_, index) => share + (index < 100 - share * count ? 1 : 0));
}

export const emptyDraft = (): ExperimentDraft => ({
  name: '',
  hypothesis: '',
  baseUid: '',
  baseDocumentId: '',
  arms: [newArm(BASE, 50), newArm('', 50)],
  coverage: 100,
  holdout: 0,
  primaryGoal: '',
  otherGoals: [],
  minimumSample: 1000,
});

const percentOf = (share: number) => Math.round(share * 100);

export function draftOf(experiment: ExperimentDetail): ExperimentDraft {
  const [primaryGoal = '', ...otherGoals] = experiment.successGoals;
  return {
    name: experiment.name,
    hypothesis: experiment.hypothesis ?? '',
    baseUid: experiment.baseUid,
    baseDocumentId: experiment.baseDocumentId,
    arms:
      experiment.variants.length > 0
        ? experiment.variants.map((variant) =>
            newArm(
              variant.personalized ? PERSONALIZED : (variant.documentId ?? BASE),
              percentOf(variant.weight)
            )
          )
        : emptyDraft().arms,
    coverage: percentOf(experiment.coverage),
    holdout: percentOf(experiment.holdout),
    primaryGoal,
    otherGoals,
    minimumSample: experiment.minimumSample,
  };
}

/** A key for results and headers from what the arm shows: "control", "personalized", or the entry's slug. */
function keyOf(arm: ArmDraft, index: number, documents: DocumentOption[]): string {
  if (arm.serves === BASE) return 'control';
  if (arm.serves === PERSONALIZED) return PERSONALIZED;
  const document = documents.find((candidate) => candidate.documentId === arm.serves);
  const fromTitle = (document?.slug ?? document?.title ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 36);
  return fromTitle || `arm-${index + 1}`;
}

/** The arms as the API stores them: unique keys, names for the results, weights as shares. */
export function variantsOf(
  draft: ExperimentDraft,
  documents: DocumentOption[]
): ExperimentVariant[] {
  const taken = new Set<string>();
  return draft.arms
    .filter((arm) => arm.serves !== '')
    .map((arm, index) => {
      const wanted = keyOf(arm, index, documents);
      let key = wanted;
      for (let number = 2; taken.has(key) || key === 'holdout'; number++)
        key = `${wanted}-${number}`;
      taken.add(key);
      const title = documents.find((document) => document.documentId === arm.serves)?.title;
      return {
        key,
        ...(title ? { name: title } : {}),
        documentId: arm.serves === BASE || arm.serves === PERSONALIZED ? null : arm.serves,
        ...(arm.serves === PERSONALIZED ? { personalized: true } : {}),
        weight: arm.weight / 100,
      };
    });
}

export function inputOf(
  draft: ExperimentDraft,
  documents: DocumentOption[]
): ExperimentCreateInput {
  return {
    name: draft.name.trim(),
    hypothesis: draft.hypothesis.trim() || null,
    baseUid: draft.baseUid,
    baseDocumentId: draft.baseDocumentId,
    variants: variantsOf(draft, documents),
    coverage: draft.coverage / 100,
    holdout: draft.holdout / 100,
    successGoals: [draft.primaryGoal, ...draft.otherGoals].filter(
      (goal, index, goals) => goal !== '' && goals.indexOf(goal) === index
    ),
    minimumSample: draft.minimumSample,
  };
}

/** What keeps the draft from being saved: a name and the entry to test. */
export function saveProblems(draft: ExperimentDraft, t: Translate): string[] {
  return [
    ...(draft.name.trim() ? [] : [t('experiments.problem.name', 'Give the experiment a name')]),
    ...(draft.baseDocumentId ? [] : [t('experiments.problem.entry', 'Choose the entry to test')]),
  ];
}

/** What keeps the experiment from starting, besides what keeps it from being saved. */
export function startProblems(draft: ExperimentDraft, t: Translate): string[] {
  const problems: string[] = [];
  const chosen = draft.arms.filter((arm) => arm.serves !== '');
  draft.arms.forEach((arm, index) => {
    if (arm.serves === '')
      problems.push(
        t('experiments.problem.armEmpty', 'Choose what arm {number} shows', { number: index + 1 })
      );
  });
  if (chosen.length < 2)
    problems.push(t('experiments.problem.twoArms', 'An experiment needs at least two arms'));
  const total = draft.arms.reduce((sum, arm) => sum + arm.weight, 0);
  if (total !== 100)
    problems.push(
      t(
        'experiments.problem.weights',
        'The weights add up to {total} %; they must add up to 100 %',
        { total }
      )
    );
  const shown = chosen.map((arm) => arm.serves);
  if (new Set(shown).size < shown.length)
    problems.push(
      t('experiments.problem.sameArm', 'Two arms show the same thing; choose something else')
    );
  if (!draft.primaryGoal)
    problems.push(t('experiments.problem.goal', 'Choose the goal that counts as success'));
  return problems;
}
