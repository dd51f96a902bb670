import * as React from 'react';
import {
  Box,
  Field,
  Flex,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import type {
  Campaign,
  Catalog,
  Channel,
  Duration,
  Goal,
  Persona,
} from '../../../../server/src/contracts';
import type { NodeProblem } from '../../utils/flowGraph';
import { useTranslate } from '../../utils/translate';

/** What the trigger and step forms offer to pick from. */
export interface Vocabulary {
  goals: Goal[];
  campaigns: Campaign[];
  channels: readonly Channel[];
  personas: Persona[];
  profileKeys: Array<{ slug: string; name: string; profile: string }>;
  catalog: Catalog;
  /** pages already linked from e-mails and campaign links, offered as link targets */
  pageUrls: string[];
}

/** A labelled field; `error` is shown under it in the design system's way. */
export function Labeled({
  label,
  hint,
  error,
  required,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Field.Root hint={hint} error={error} required={required}>
      <Field.Label>{label}</Field.Label>
      {children}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}

/** The problems of a field (or of anything under it) in one sentence, or undefined. */
export function problemOf(problems: NodeProblem[], field: string): string | undefined {
  const found = problems.filter(
    (problem) => problem.field === field || problem.field.startsWith(`${field}.`)
  );
  return found.length ? found.map((problem) => problem.message).join('; ') : undefined;
}

/** Every problem of a step or the trigger, in words, at the top of its form. */
export function ProblemList({ problems }: { problems: NodeProblem[] }) {
  const t = useTranslate();
  if (problems.length === 0) return null;
  return (
    <Box
      background="danger100"
      borderColor="danger200"
      borderStyle="solid"
      borderWidth="1px"
      hasRadius
      padding={3}
      role="alert"
      data-testid="cxm-step-problems"
    >
      <Typography variant="omega" fontWeight="bold" textColor="danger700">
        {t('automations.problems.step', 'This cannot run yet:')}
      </Typography>
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {problems.map((problem, index) => (
          <li key={index}>
            <Typography variant="omega" textColor="danger700">
              {problem.message}
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
}

/** Days, hours and minutes. */
export function DurationInput({
  label,
  value,
  error,
  onChange,
}: {
  label: string;
  value: Duration;
  error?: string;
  onChange: (duration: Duration) => void;
}) {
  const t = useTranslate();
  const part = (unit: keyof Duration, unitLabel: string) => (
    <Box flex="1">
      <Labeled label={unitLabel}>
        <NumberInput
          value={value[unit] ?? 0}
          onValueChange={(next: number | undefined) => {
            const changed = { ...value, [unit]: next ?? 0 };
            onChange(
              Object.fromEntries(Object.entries(changed).filter(([, amount]) => amount)) as Duration
            );
          }}
        />
      </Labeled>
    </Box>
  );
  return (
    <Flex direction="column" alignItems="stretch" gap={1} role="group" aria-label={label}>
      <Typography variant="pi" fontWeight="bold">
        {label}
      </Typography>
      <Flex gap={2} alignItems="flex-start">
        {part('days', t('automations.duration.days', 'Days'))}
        {part('hours', t('automations.duration.hours', 'Hours'))}
        {part('minutes', t('automations.duration.minutes', 'Minutes'))}
      </Flex>
      {error && (
        <Typography variant="pi" textColor="danger600">
          {error}
        </Typography>
      )}
    </Flex>
  );
}

/** A duration in words ("14 days 2 hours"). */
export function useDescribeDuration() {
  const t = useTranslate();
  return (duration: Duration | undefined) =>
    [
      duration?.days
        ? t('automations.duration.daysCount', '{count, plural, one {# day} other {# days}}', {
            count: duration.days,
          })
        : '',
      duration?.hours
        ? t('automations.duration.hoursCount', '{count, plural, one {# hour} other {# hours}}', {
            count: duration.hours,
          })
        : '',
      duration?.minutes
        ? t(
            'automations.duration.minutesCount',
            '{count, plural, one {# minute} other {# minutes}}',
            { count: duration.minutes }
          )
        : '',
    ]
      .filter(Boolean)
      .join(' ');
}

/** A select whose first option means "none" (`noneLabel`); `onChange(null)` for it. */
export function OptionalSelect({
  label,
  value,
  noneLabel,
  options,
  error,
  onChange,
}: {
  label: string;
  value: string | null | undefined;
  noneLabel: string;
  options: Array<{ value: string; label: string }>;
  error?: string;
  onChange: (value: string | null) => void;
}) {
  const NONE = '__none';
  return (
    <Labeled label={label} error={error}>
      <SingleSelect
        value={value ?? NONE}
        onChange={(next: string | number) => onChange(next === NONE ? null : String(next))}
      >
        <SingleSelectOption value={NONE}>{noneLabel}</SingleSelectOption>
        {options.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Labeled>
  );
}
