import * as React from 'react';
import {
  Alert,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  IconButton,
  MultiSelect,
  MultiSelectOption,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import type { ContentTypeOption, DocumentOption, Goal } from '../../../server/src/contracts';
import { useRulesApi } from '../api/rules';
import {
  BASE,
  evenWeights,
  newArm,
  PERSONALIZED,
  type ArmDraft,
  type ExperimentDraft,
} from '../utils/experimentDraft';
import { useTranslate } from '../utils/translate';

/** The entries of the chosen content type, by title, as base and arms; reloaded when the type changes. */
export function useEntries(uid: string): DocumentOption[] {
  const api = useRulesApi();
  const [documents, setDocuments] = React.useState<{ uid: string; list: DocumentOption[] }>({
    uid: '',
    list: [],
  });
  React.useEffect(() => {
    if (!uid) return;
    let current = true;
    api.documents(uid).then((list) => current && setDocuments({ uid, list }));
    return () => {
      current = false;
    };
  }, [api, uid]);
  return documents.uid === uid ? documents.list : [];
}

function Section({
  title,
  hint,
  children,
}: {
  title: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {title}
          </Typography>
          {hint && (
            <Typography variant="pi" textColor="neutral600">
              {hint}
            </Typography>
          )}
        </Flex>
        {children}
      </Flex>
    </Box>
  );
}

interface ArmRowProps {
  arm: ArmDraft;
  number: number;
  entries: DocumentOption[];
  baseTitle: string;
  locked: boolean;
  canRemove: boolean;
  onChange: (arm: ArmDraft) => void;
  onRemove: () => void;
}

function ArmRow({
  arm,
  number,
  entries,
  baseTitle,
  locked,
  canRemove,
  onChange,
  onRemove,
}: ArmRowProps) {
  const t = useTranslate();
  return (
    <Flex gap={4} alignItems="flex-end" wrap="wrap" data-testid="cxm-experiment-arm">
      <Box minWidth="320px">
        <Field.Root name={`cxm-arm-${arm.id}`} id={`cxm-arm-${arm.id}`}>
          <Field.Label>
            {t('experiments.form.armShows', 'Arm {number} shows', { number })}
          </Field.Label>
          <SingleSelect
            value={arm.serves}
            disabled={locked}
            placeholder={t('experiments.form.chooseArm', 'Choose what this arm shows')}
            onChange={(value: string | number) => onChange({ ...arm, serves: String(value) })}
          >
            <SingleSelectOption value={BASE}>
              {t('experiments.form.armBase', '{title} as it is (control)', { title: baseTitle })}
            </SingleSelectOption>
            <SingleSelectOption value={PERSONALIZED}>
              {t('experiments.form.armPersonalized', '{title}, personalized by its rules', {
                title: baseTitle,
              })}
            </SingleSelectOption>
            {entries.map((entry) => (
              <SingleSelectOption key={entry.documentId} value={entry.documentId}>
                {entry.title}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      </Box>
      <Box width="160px">
        <Field.Root name={`cxm-arm-weight-${arm.id}`} id={`cxm-arm-weight-${arm.id}`}>
          <Field.Label>
            {t('experiments.form.armWeight', 'Weight of arm {number} (%)', { number })}
          </Field.Label>
          <NumberInput
            value={arm.weight}
            disabled={locked}
            onValueChange={(value: number | undefined) =>
              onChange({ ...arm, weight: Math.max(0, Math.min(100, Math.round(value ?? 0))) })
            }
          />
        </Field.Root>
      </Box>
      {!locked && (
        <IconButton
          label={t('experiments.form.removeArm', 'Remove arm {number}', { number })}
          disabled={!canRemove}
          onClick={onRemove}
        >
          <Trash />
        </IconButton>
      )}
    </Flex>
  );
}

export interface ExperimentFormProps {
  draft: ExperimentDraft;
  onChange: (draft: ExperimentDraft) => void;
  types: ContentTypeOption[];
  entries: DocumentOption[];
  goals: Goal[];
  /** a started experiment keeps its entry, arms, weights, coverage, holdout and goals */
  locked: boolean;
  /** what the API said was wrong with the last save, start or stop */
  problem: string | null;
  /** what keeps the draft from saving or starting, in words */
  problems: string[];
}

/** A whole percentage from 0 to `max`: what is typed beyond the bound is held to it. */
function PercentField({
  name,
  label,
  hint,
  max,
  value,
  disabled,
  onChange,
}: {
  name: string;
  label: string;
  hint: string;
  max: number;
  value: number;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  return (
    <Box width="260px">
      <Field.Root name={name} id={name} hint={hint}>
        <Field.Label>{label}</Field.Label>
        <NumberInput
          value={value}
          disabled={disabled}
          onValueChange={(typed: number | undefined) =>
            onChange(Math.max(0, Math.min(max, Math.round(typed ?? 0))))
          }
        />
        <Field.Hint />
      </Field.Root>
    </Box>
  );
}

/** The set-up of an experiment with pickers: entry, arms and weights, coverage, holdout, goals, sample, hypothesis. */
export function ExperimentForm({
  draft,
  onChange,
  types,
  entries,
  goals,
  locked,
  problem,
  problems,
}: ExperimentFormProps) {
  const t = useTranslate();
  const set = <Field extends keyof ExperimentDraft>(field: Field, value: ExperimentDraft[Field]) =>
    onChange({ ...draft, [field]: value });
  const base = entries.find((entry) => entry.documentId === draft.baseDocumentId);
  const baseTitle = base?.title ?? t('experiments.form.theEntry', 'The entry');
  const armEntries = entries.filter((entry) => entry.documentId !== draft.baseDocumentId);
  const total = draft.arms.reduce((sum, arm) => sum + arm.weight, 0);
  const setArms = (arms: ArmDraft[]) => set('arms', arms);
  // the design system's number inputs keep what was typed: weights set by a button remount them
  const [reweighed, setReweighed] = React.useState(0);
  const reweigh = (arms: ArmDraft[]) => {
    setReweighed((count) => count + 1);
    setArms(arms);
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {problem && (
        <Alert
          variant="danger"
          title={t('experiments.form.notSaved', 'Not saved')}
          closeLabel={t('experiments.close', 'Close')}
          data-testid="cxm-experiment-problem"
        >
          {problem}
        </Alert>
      )}
      <Section title={t('experiments.form.what', 'What is tested')}>
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="cxm-experiment-name" id="cxm-experiment-name" required>
              <Field.Label>{t('experiments.form.name', 'Name')}</Field.Label>
              <TextInput
                value={draft.name}
                placeholder={t('experiments.form.namePlaceholder', 'e.g. Home page headline')}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  set('name', event.target.value)
                }
              />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name="cxm-experiment-hypothesis"
              id="cxm-experiment-hypothesis"
              hint={t(
                'experiments.form.hypothesisHint',
                'What you expect and why, e.g. "A test-drive headline brings more bookings"'
              )}
            >
              <Field.Label>{t('experiments.form.hypothesis', 'Hypothesis')}</Field.Label>
              <Textarea
                value={draft.hypothesis}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  set('hypothesis', event.target.value)
                }
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="cxm-experiment-type" id="cxm-experiment-type" required>
              <Field.Label>{t('experiments.form.type', 'Content type')}</Field.Label>
              <SingleSelect
                value={draft.baseUid}
                disabled={locked}
                placeholder={t('experiments.form.chooseType', 'Choose a content type')}
                onChange={(value: string | number) =>
                  onChange({
                    ...draft,
                    baseUid: String(value),
                    baseDocumentId: '',
                    arms: draft.arms.map((arm) =>
                      arm.serves === BASE || arm.serves === PERSONALIZED
                        ? arm
                        : { ...arm, serves: '' }
                    ),
                  })
                }
              >
                {types.map((type) => (
                  <SingleSelectOption key={type.uid} value={type.uid}>
                    {type.displayName}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="cxm-experiment-entry" id="cxm-experiment-entry" required>
              <Field.Label>{t('experiments.form.entry', 'Entry to test')}</Field.Label>
              <SingleSelect
                value={draft.baseDocumentId}
                disabled={locked || !draft.baseUid}
                placeholder={t('experiments.form.chooseEntry', 'Choose an entry by its title')}
                onChange={(value: string | number) => set('baseDocumentId', String(value))}
              >
                {entries.map((entry) => (
                  <SingleSelectOption key={entry.documentId} value={entry.documentId}>
                    {entry.title}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
      </Section>

      <Section
        title={t('experiments.form.arms', 'Arms and weights')}
        hint={t(
          'experiments.form.armsHint',
          'Each visitor in the experiment sees one arm, always the same one. The first arm is the control the others are compared with.'
        )}
      >
        {draft.arms.map((arm, index) => (
          <ArmRow
            key={`${arm.id}:${reweighed}`}
            arm={arm}
            number={index + 1}
            entries={armEntries}
            baseTitle={baseTitle}
            locked={locked}
            canRemove={draft.arms.length > 2}
            onChange={(next) =>
              setArms(draft.arms.map((candidate) => (candidate.id === arm.id ? next : candidate)))
            }
            onRemove={() => setArms(draft.arms.filter((candidate) => candidate.id !== arm.id))}
          />
        ))}
        <Flex gap={3} alignItems="center" wrap="wrap">
          {!locked && (
            <>
              <Button
                variant="secondary"
                startIcon={<Plus />}
                disabled={draft.arms.length >= 10}
                onClick={() => {
                  const weights = evenWeights(draft.arms.length + 1);
                  reweigh(
                    [...draft.arms, newArm('', 0)].map((arm, index) => ({
                      ...arm,
                      weight: weights[index],
                    }))
                  );
                }}
              >
                {t('experiments.form.addArm', 'Add arm')}
              </Button>
              <Button
                variant="tertiary"
                onClick={() => {
                  const weights = evenWeights(draft.arms.length);
                  reweigh(draft.arms.map((arm, index) => ({ ...arm, weight: weights[index] })));
                }}
              >
                {t('experiments.form.splitEvenly', 'Split evenly')}
              </Button>
            </>
          )}
          <Typography
            variant="pi"
            textColor={total === 100 ? 'neutral600' : 'danger600'}
            data-testid="cxm-experiment-weights"
          >
            {t('experiments.form.total', 'Weights add up to {total} %', { total })}
          </Typography>
        </Flex>
      </Section>

      <Section
        title={t('experiments.form.audience', 'Who takes part')}
        hint={t(
          'experiments.form.audienceHint',
          'Visitors outside the coverage see the entry as usual and are not counted. Held-out visitors see the entry without any personalization and are reported as their own group.'
        )}
      >
        <Flex gap={6} wrap="wrap" alignItems="flex-start">
          <PercentField
            name="cxm-experiment-coverage"
            label={t('experiments.form.coverage', 'Coverage (%)')}
            hint={t('experiments.form.coverageHint', 'Share of all visitors in the experiment')}
            max={100}
            value={draft.coverage}
            disabled={locked}
            onChange={(value) => set('coverage', value)}
          />
          <PercentField
            name="cxm-experiment-holdout"
            label={t('experiments.form.holdout', 'Holdout (%)')}
            hint={t('experiments.form.holdoutHint', 'From 0 to 50 %')}
            max={50}
            value={draft.holdout}
            disabled={locked}
            onChange={(value) => set('holdout', value)}
          />
        </Flex>
      </Section>

      <Section
        title={t('experiments.form.success', 'What counts as success')}
        hint={t(
          'experiments.form.successHint',
          'A visitor converts when reaching the primary goal after first seeing an arm; other goals count toward the value per visitor.'
        )}
      >
        <Flex gap={6} wrap="wrap" alignItems="flex-start">
          <Box minWidth="280px">
            <Field.Root name="cxm-experiment-goal" id="cxm-experiment-goal" required>
              <Field.Label>{t('experiments.form.primaryGoal', 'Primary goal')}</Field.Label>
              <SingleSelect
                value={draft.primaryGoal}
                disabled={locked}
                placeholder={t('experiments.form.chooseGoal', 'Choose a goal')}
                onChange={(value: string | number) =>
                  onChange({
                    ...draft,
                    primaryGoal: String(value),
                    otherGoals: draft.otherGoals.filter((goal) => goal !== String(value)),
                  })
                }
              >
                {goals.map((goal) => (
                  <SingleSelectOption key={goal.slug} value={goal.slug}>
                    {goal.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Box>
          <Box minWidth="320px">
            <Field.Root name="cxm-experiment-other-goals" id="cxm-experiment-other-goals">
              <Field.Label>{t('experiments.form.otherGoals', 'Other goals')}</Field.Label>
              <MultiSelect
                withTags
                value={draft.otherGoals}
                disabled={locked}
                placeholder={t('experiments.form.chooseGoals', 'Choose goals (optional)')}
                onChange={(values: string[]) => set('otherGoals', values)}
              >
                {goals
                  .filter((goal) => goal.slug !== draft.primaryGoal)
                  .map((goal) => (
                    <MultiSelectOption key={goal.slug} value={goal.slug}>
                      {goal.name}
                    </MultiSelectOption>
                  ))}
              </MultiSelect>
            </Field.Root>
          </Box>
          <Box width="260px">
            <Field.Root
              name="cxm-experiment-sample"
              id="cxm-experiment-sample"
              hint={t(
                'experiments.form.sampleHint',
                'Visitors per arm before the results give a verdict'
              )}
            >
              <Field.Label>{t('experiments.form.minimumSample', 'Minimum sample')}</Field.Label>
              <NumberInput
                value={draft.minimumSample}
                onValueChange={(value: number | undefined) =>
                  set('minimumSample', Math.max(1, Math.round(value ?? 1)))
                }
              />
              <Field.Hint />
            </Field.Root>
          </Box>
        </Flex>
      </Section>

      {problems.length > 0 && (
        <Box background="neutral100" hasRadius padding={4}>
          <Typography variant="sigma" textColor="neutral700">
            {locked
              ? t('experiments.form.toSave', 'To save')
              : t('experiments.form.toStart', 'Before it can start')}
          </Typography>
          <ul aria-label={t('experiments.form.problems', 'What is missing')}>
            {problems.map((text) => (
              <li key={text}>
                <Typography textColor="neutral800">{text}</Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
    </Flex>
  );
}
