import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  IconButton,
  MultiSelect,
  MultiSelectOption,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { Step } from '../../../../server/src/contracts';
import { ConditionBuilder } from '../ConditionBuilder';
import {
  ConditionShapeError,
  conditionToTree,
  treeToCondition,
  type GroupNode,
} from '../../utils/conditionTree';
import { edgesOf, type NodeProblem } from '../../utils/flowGraph';
import { useTranslate } from '../../utils/translate';
import { EmailForm } from './EmailForm';
import {
  DurationInput,
  Labeled,
  OptionalSelect,
  ProblemList,
  problemOf,
  type Vocabulary,
} from './fields';

type StepOf<Type extends Step['type']> = Extract<Step, { type: Type }>;

/** The names of a step type and of its edges, as the diagram and the forms show them. */
export function useStepWords() {
  const t = useTranslate();
  return {
    type: (type: Step['type']) =>
      ({
        wait: t('automations.step.wait', 'Wait'),
        condition: t('automations.step.condition', 'Condition'),
        'wait-until': t('automations.step.waitUntil', 'Wait until'),
        email: t('automations.step.email', 'Send e-mail'),
        points: t('automations.step.points', 'Add points / reach goal'),
        attribute: t('automations.step.attribute', 'Set attribute'),
        webhook: t('automations.step.webhook', 'Call webhook'),
        split: t('automations.step.split', 'A/B split'),
        exit: t('automations.step.exit', 'Exit'),
      })[type],
    edge: (step: Step, handle: string) => {
      const branch = /^branches\.(\d+)\.next$/.exec(handle);
      if (branch)
        return t('automations.edge.branch', 'Branch {letter}', {
          letter: String.fromCharCode(65 + Number(branch[1])),
        });
      if (handle === 'yes') return t('automations.edge.yes', 'Yes');
      if (handle === 'no') return t('automations.edge.no', 'No');
      if (handle === 'onTimeout') return t('automations.edge.timeout', 'Timed out');
      if (step.type === 'wait-until') return t('automations.edge.met', 'Condition met');
      return t('automations.edge.next', 'Then');
    },
  };
}

/** A rule condition edited in the rule builder; the tree is kept while the step is shown. */
export function ConditionField({
  label,
  condition,
  vocabulary,
  error,
  onChange,
}: {
  label: string;
  condition: unknown;
  vocabulary: Vocabulary;
  error?: string;
  onChange: (condition: Record<string, unknown>) => void;
}) {
  const t = useTranslate();
  const [tree, setTree] = React.useState<GroupNode | null>(() => {
    try {
      return conditionToTree(condition);
    } catch (problem) {
      if (!(problem instanceof ConditionShapeError)) throw problem;
      return null;
    }
  });
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Typography variant="pi" fontWeight="bold">
        {label}
      </Typography>
      {tree ? (
        <ConditionBuilder
          catalog={vocabulary.catalog}
          value={tree}
          onChange={(next) => {
            setTree(next);
            onChange(treeToCondition(next));
          }}
        />
      ) : (
        <Typography textColor="danger600">
          {t(
            'automations.condition.unreadable',
            'This condition cannot be shown in the builder; it was saved through the API.'
          )}
        </Typography>
      )}
      {error && (
        <Typography variant="pi" textColor="danger600">
          {error}
        </Typography>
      )}
    </Flex>
  );
}

function WaitForm({
  step,
  problems,
  onChange,
}: {
  step: StepOf<'wait'>;
  problems: NodeProblem[];
  onChange: (step: Step) => void;
}) {
  const t = useTranslate();
  const { locale } = useIntl();
  const weekdayName = (day: number) =>
    // 2023-01-01 was a Sunday: day 0 as the server counts
    new Date(Date.UTC(2023, 0, 1 + day)).toLocaleDateString(locale, {
      weekday: 'long',
      timeZone: 'UTC',
    });
  const mode = step.until ? 'until' : 'duration';
  const { duration: _duration, until: _until, ...rest } = step;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Labeled label={t('automations.wait.mode', 'Wait')}>
        <SingleSelect
          value={mode}
          onChange={(value: string | number) =>
            onChange(
              value === 'until'
                ? { ...rest, until: { weekdays: [1, 2, 3, 4, 5], hour: 9 } }
                : { ...rest, duration: { days: 1 } }
            )
          }
        >
          <SingleSelectOption value="duration">
            {t('automations.wait.duration', 'for a time')}
          </SingleSelectOption>
          <SingleSelectOption value="until">
            {t('automations.wait.until', 'until a weekday and hour (contact’s time zone)')}
          </SingleSelectOption>
        </SingleSelect>
      </Labeled>
      {step.until ? (
        <>
          <Labeled
            label={t('automations.wait.weekdays', 'On')}
            error={problemOf(problems, 'until')}
          >
            <MultiSelect
              value={(step.until.weekdays ?? []).map(String)}
              placeholder={t('automations.wait.anyDay', 'any day')}
              onChange={(values: string[]) =>
                onChange({
                  ...rest,
                  until: {
                    ...step.until!,
                    weekdays: values.map(Number).sort((a, b) => a - b),
                  },
                })
              }
            >
              {[0, 1, 2, 3, 4, 5, 6].map((day) => (
                <MultiSelectOption key={day} value={String(day)}>
                  {weekdayName(day)}
                </MultiSelectOption>
              ))}
            </MultiSelect>
          </Labeled>
          <Flex gap={2}>
            <Labeled label={t('automations.wait.hour', 'Hour')}>
              <NumberInput
                value={step.until.hour}
                onValueChange={(hour: number | undefined) =>
                  onChange({ ...rest, until: { ...step.until!, hour: hour ?? 0 } })
                }
              />
            </Labeled>
            <Labeled label={t('automations.wait.minute', 'Minute')}>
              <NumberInput
                value={step.until.minute ?? 0}
                onValueChange={(minute: number | undefined) =>
                  onChange({ ...rest, until: { ...step.until!, minute: minute ?? 0 } })
                }
              />
            </Labeled>
          </Flex>
        </>
      ) : (
        <DurationInput
          label={t('automations.wait.for', 'Wait for')}
          value={step.duration ?? {}}
          error={problemOf(problems, 'duration')}
          onChange={(duration) => onChange({ ...rest, duration })}
        />
      )}
    </Flex>
  );
}

function PointsForm({
  step,
  vocabulary,
  problems,
  onChange,
}: {
  step: StepOf<'points'>;
  vocabulary: Vocabulary;
  problems: NodeProblem[];
  onChange: (step: Step) => void;
}) {
  const t = useTranslate();
  const { goal: _goal, points: _points, ...rest } = step;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <OptionalSelect
        label={t('automations.points.goal', 'Goal reached')}
        value={step.goal}
        noneLabel={t('automations.none', 'None')}
        options={vocabulary.goals.map((goal) => ({
          value: goal.slug,
          label: t('automations.points.goalOption', '{name} (+{points})', {
            name: goal.name,
            points: goal.points,
          }),
        }))}
        error={problemOf(problems, 'goal')}
        onChange={(goal) =>
          onChange({
            ...rest,
            ...(goal ? { goal } : {}),
            ...(step.points !== undefined ? { points: step.points } : {}),
          })
        }
      />
      <Labeled
        label={t('automations.points.points', 'Extra points')}
        hint={t('automations.points.pointsHint', 'Added to the goal’s points, or alone')}
      >
        <NumberInput
          value={step.points}
          onValueChange={(points: number | undefined) =>
            onChange({
              ...rest,
              ...(step.goal ? { goal: step.goal } : {}),
              ...(points !== undefined ? { points } : {}),
            })
          }
        />
      </Labeled>
    </Flex>
  );
}

type AttributeKind = 'text' | 'number' | 'boolean' | 'empty';
const kindOf = (value: unknown): AttributeKind =>
  value === null
    ? 'empty'
    : typeof value === 'number'
      ? 'number'
      : typeof value === 'boolean'
        ? 'boolean'
        : 'text';

function AttributeForm({
  step,
  problems,
  onChange,
}: {
  step: StepOf<'attribute'>;
  problems: NodeProblem[];
  onChange: (step: Step) => void;
}) {
  const t = useTranslate();
  const kind = kindOf(step.value);
  const DEFAULTS: Record<AttributeKind, StepOf<'attribute'>['value']> = {
    text: '',
    number: 0,
    boolean: true,
    empty: null,
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Labeled
        label={t('automations.attribute.name', 'Attribute')}
        error={problemOf(problems, 'name')}
      >
        <TextInput
          value={step.name}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange({ ...step, name: event.target.value })
          }
        />
      </Labeled>
      <Labeled label={t('automations.attribute.kind', 'Value type')}>
        <SingleSelect
          value={kind}
          onChange={(value: string | number) =>
            onChange({ ...step, value: DEFAULTS[value as AttributeKind] })
          }
        >
          <SingleSelectOption value="text">
            {t('automations.attribute.text', 'Text')}
          </SingleSelectOption>
          <SingleSelectOption value="number">
            {t('automations.attribute.number', 'Number')}
          </SingleSelectOption>
          <SingleSelectOption value="boolean">
            {t('automations.attribute.boolean', 'Yes / no')}
          </SingleSelectOption>
          <SingleSelectOption value="empty">
            {t('automations.attribute.empty', 'Empty (remove the value)')}
          </SingleSelectOption>
        </SingleSelect>
      </Labeled>
      {kind === 'text' && (
        <Labeled
          label={t('automations.attribute.value', 'Value')}
          error={problemOf(problems, 'value')}
        >
          <TextInput
            value={String(step.value)}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              onChange({ ...step, value: event.target.value })
            }
          />
        </Labeled>
      )}
      {kind === 'number' && (
        <Labeled label={t('automations.attribute.value', 'Value')}>
          <NumberInput
            value={step.value as number}
            onValueChange={(value: number | undefined) => onChange({ ...step, value: value ?? 0 })}
          />
        </Labeled>
      )}
      {kind === 'boolean' && (
        <Labeled label={t('automations.attribute.value', 'Value')}>
          <SingleSelect
            value={String(step.value)}
            onChange={(value: string | number) => onChange({ ...step, value: value === 'true' })}
          >
            <SingleSelectOption value="true">{t('automations.yes', 'Yes')}</SingleSelectOption>
            <SingleSelectOption value="false">{t('automations.no', 'No')}</SingleSelectOption>
          </SingleSelect>
        </Labeled>
      )}
    </Flex>
  );
}

function SplitForm({
  step,
  problems,
  onChange,
}: {
  step: StepOf<'split'>;
  problems: NodeProblem[];
  onChange: (step: Step) => void;
}) {
  const t = useTranslate();
  const words = useStepWords();
  const setBranches = (branches: StepOf<'split'>['branches']) => onChange({ ...step, branches });
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {step.branches.map((branch, index) => (
        <Flex key={index} gap={2} alignItems="flex-end">
          <Box flex="1">
            <Labeled
              label={t('automations.split.share', '{branch}: share in %', {
                branch: words.edge(step, `branches.${index}.next`),
              })}
            >
              <NumberInput
                value={Math.round(branch.weight * 1000) / 10}
                onValueChange={(percent: number | undefined) =>
                  setBranches(
                    step.branches.map((entry, at) =>
                      at === index ? { ...entry, weight: (percent ?? 0) / 100 } : entry
                    )
                  )
                }
              />
            </Labeled>
          </Box>
          <IconButton
            label={t('automations.split.remove', 'Remove {branch}', {
              branch: words.edge(step, `branches.${index}.next`),
            })}
            variant="ghost"
            disabled={step.branches.length <= 2}
            onClick={() => setBranches(step.branches.filter((_entry, at) => at !== index))}
          >
            <Trash />
          </IconButton>
        </Flex>
      ))}
      {problemOf(problems, 'branches') && (
        <Typography variant="pi" textColor="danger600">
          {problemOf(problems, 'branches')}
        </Typography>
      )}
      <Box>
        <Button
          variant="tertiary"
          size="S"
          startIcon={<Plus />}
          disabled={step.branches.length >= 10}
          onClick={() => setBranches([...step.branches, { weight: 0, next: null }])}
        >
          {t('automations.split.add', 'Add branch')}
        </Button>
      </Box>
    </Flex>
  );
}

/** The settings of one step and where each of its paths leads; deleting it ends the paths into it. */
export function StepForm({
  step,
  steps,
  vocabulary,
  problems,
  isStart,
  onChange,
  onEdge,
  onMakeStart,
  onDelete,
}: {
  step: Step;
  steps: Step[];
  vocabulary: Vocabulary;
  problems: NodeProblem[];
  isStart: boolean;
  onChange: (step: Step) => void;
  onEdge: (handle: string, target: string | null) => void;
  onMakeStart: () => void;
  onDelete: () => void;
}) {
  const t = useTranslate();
  const words = useStepWords();
  const settings = (() => {
    switch (step.type) {
      case 'wait':
        return <WaitForm step={step} problems={problems} onChange={onChange} />;
      case 'condition':
        return (
          <ConditionField
            label={t('automations.condition.label', 'Go on by “Yes” when')}
            condition={step.condition}
            vocabulary={vocabulary}
            error={problemOf(problems, 'condition')}
            onChange={(condition) => onChange({ ...step, condition })}
          />
        );
      case 'wait-until':
        return (
          <Flex direction="column" alignItems="stretch" gap={3}>
            <ConditionField
              label={t('automations.waitUntil.label', 'Wait until')}
              condition={step.condition}
              vocabulary={vocabulary}
              error={problemOf(problems, 'condition')}
              onChange={(condition) => onChange({ ...step, condition })}
            />
            <DurationInput
              label={t('automations.waitUntil.timeout', 'At most for')}
              value={step.timeout}
              error={problemOf(problems, 'timeout')}
              onChange={(timeout) => onChange({ ...step, timeout })}
            />
            <DurationInput
              label={t('automations.waitUntil.checkEvery', 'Check every (one hour when empty)')}
              value={step.checkEvery ?? {}}
              error={problemOf(problems, 'checkEvery')}
              onChange={(checkEvery) => {
                const { checkEvery: _left, ...rest } = step;
                onChange(Object.keys(checkEvery).length ? { ...rest, checkEvery } : rest);
              }}
            />
          </Flex>
        );
      case 'email':
        return (
          <EmailForm step={step} vocabulary={vocabulary} problems={problems} onChange={onChange} />
        );
      case 'points':
        return (
          <PointsForm step={step} vocabulary={vocabulary} problems={problems} onChange={onChange} />
        );
      case 'attribute':
        return <AttributeForm step={step} problems={problems} onChange={onChange} />;
      case 'webhook':
        return (
          <Labeled
            label={t('automations.webhook.url', 'URL (receives a signed POST)')}
            error={problemOf(problems, 'url')}
            required
          >
            <TextInput
              value={step.url}
              placeholder="https://"
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                onChange({ ...step, url: event.target.value })
              }
            />
          </Labeled>
        );
      case 'split':
        return <SplitForm step={step} problems={problems} onChange={onChange} />;
      case 'exit':
        return (
          <Typography textColor="neutral600">
            {t('automations.exit.hint', 'The contact leaves the automation here.')}
          </Typography>
        );
    }
  })();
  const others = steps.filter((candidate) => candidate.id !== step.id);
  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="cxm-step-form">
      <Flex justifyContent="space-between" alignItems="center">
        <Typography variant="delta" tag="h3">
          {words.type(step.type)}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {step.id}
        </Typography>
      </Flex>
      <ProblemList problems={problems} />
      {settings}
      {edgesOf(step).map((edge) => (
        <OptionalSelect
          key={edge.handle}
          label={words.edge(step, edge.handle)}
          value={edge.target}
          noneLabel={t('automations.edge.end', 'End here')}
          options={others.map((candidate) => ({
            value: candidate.id,
            label: `${words.type(candidate.type)} · ${candidate.id}`,
          }))}
          error={problemOf(problems, edge.handle)}
          onChange={(target) => onEdge(edge.handle, target)}
        />
      ))}
      <Flex gap={2}>
        {!isStart && (
          <Button variant="secondary" onClick={onMakeStart}>
            {t('automations.makeStart', 'Start here')}
          </Button>
        )}
        <Button variant="danger-light" startIcon={<Trash />} onClick={onDelete}>
          {t('automations.deleteStep', 'Delete step')}
        </Button>
      </Flex>
    </Flex>
  );
}
