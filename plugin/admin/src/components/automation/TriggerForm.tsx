import * as React from 'react';
import {
  Checkbox,
  Flex,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import type { Trigger, TriggerType } from '../../../../server/src/contracts';
import type { NodeProblem } from '../../utils/flowGraph';
import { useTranslate } from '../../utils/translate';
import { Labeled, OptionalSelect, ProblemList, problemOf, type Vocabulary } from './fields';
import { ConditionField } from './StepForm';

export const TRIGGER_TYPES: TriggerType[] = [
  'goal',
  'persona',
  'score',
  'identified',
  'visit',
  'condition',
  'inactivity',
  'manual',
];

export function useTriggerWords() {
  const t = useTranslate();
  return (type: TriggerType) =>
    ({
      goal: t('automations.trigger.goal', 'Goal reached'),
      persona: t('automations.trigger.persona', 'Persona matched'),
      score: t('automations.trigger.score', 'Interest score over a threshold'),
      identified: t('automations.trigger.identified', 'Contact identified'),
      visit: t('automations.trigger.visit', 'Visit from a campaign or channel'),
      condition: t('automations.trigger.condition', 'Rule condition met'),
      inactivity: t('automations.trigger.inactivity', 'Inactive for some days'),
      manual: t('automations.trigger.manual', 'Enrolled through the API'),
    })[type];
}

/** A trigger of the type with the first choice of each picker filled in. */
export function defaultTrigger(type: TriggerType, vocabulary: Vocabulary): Trigger {
  switch (type) {
    case 'goal':
      return { type, goal: vocabulary.goals[0]?.slug ?? '' };
    case 'persona':
      return { type, persona: vocabulary.personas[0]?.slug ?? '' };
    case 'score':
      return { type, key: vocabulary.profileKeys[0]?.slug ?? '', threshold: 5 };
    case 'visit':
      return vocabulary.campaigns[0]
        ? { type, campaign: vocabulary.campaigns[0].slug }
        : { type, channel: 'email' };
    case 'condition':
      return { type, condition: {} };
    case 'inactivity':
      return { type, days: 30 };
    default:
      return { type };
  }
}

/** What enrols a contact, picked from the plugin's definitions (goals, personas, keys, campaigns). */
export function TriggerForm({
  trigger,
  vocabulary,
  problems,
  onChange,
}: {
  trigger: Trigger;
  vocabulary: Vocabulary;
  problems: NodeProblem[];
  onChange: (trigger: Trigger) => void;
}) {
  const t = useTranslate();
  const words = useTriggerWords();
  // the extra `when` condition stays when the trigger's type changes (where an event has one)
  const keep = trigger.when === undefined ? {} : { when: trigger.when };
  const hasEvent = trigger.type !== 'inactivity' && trigger.type !== 'manual';
  const select = (
    label: string,
    value: string,
    options: Array<{ value: string; label: string }>,
    field: string,
    onPick: (value: string) => void
  ) => (
    <Labeled label={label} error={problemOf(problems, field)} required>
      <SingleSelect value={value} onChange={(next: string | number) => onPick(String(next))}>
        {options.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Labeled>
  );
  const fields = (() => {
    switch (trigger.type) {
      case 'goal':
        return select(
          t('automations.trigger.goalField', 'Goal'),
          trigger.goal,
          vocabulary.goals.map((goal) => ({ value: goal.slug, label: goal.name })),
          'goal',
          (goal) => onChange({ ...trigger, goal })
        );
      case 'persona':
        return select(
          t('automations.trigger.personaField', 'Persona'),
          trigger.persona,
          vocabulary.personas.map((persona) => ({ value: persona.slug, label: persona.name })),
          'persona',
          (persona) => onChange({ ...trigger, persona })
        );
      case 'score':
        return (
          <>
            {select(
              t('automations.trigger.keyField', 'Profile key'),
              trigger.key,
              vocabulary.profileKeys.map((key) => ({
                value: key.slug,
                label: `${key.name} (${key.profile})`,
              })),
              'key',
              (key) => onChange({ ...trigger, key })
            )}
            <Labeled
              label={t('automations.trigger.threshold', 'Score over')}
              error={problemOf(problems, 'threshold')}
            >
              <NumberInput
                value={trigger.threshold}
                onValueChange={(threshold: number | undefined) =>
                  onChange({ ...trigger, threshold: threshold ?? 0 })
                }
              />
            </Labeled>
          </>
        );
      case 'visit': {
        const { campaign: _campaign, channel: _channel, ...rest } = trigger;
        const build = (campaign: string | null | undefined, channel: string | null | undefined) =>
          onChange({
            ...rest,
            ...(campaign ? { campaign } : {}),
            ...(channel ? { channel } : {}),
          });
        return (
          <>
            <OptionalSelect
              label={t('automations.trigger.campaignField', 'Campaign')}
              value={trigger.campaign}
              noneLabel={t('automations.any', 'Any')}
              options={vocabulary.campaigns.map((campaign) => ({
                value: campaign.slug,
                label: campaign.name,
              }))}
              error={problemOf(problems, 'campaign')}
              onChange={(campaign) => build(campaign, trigger.channel)}
            />
            <OptionalSelect
              label={t('automations.trigger.channelField', 'Channel')}
              value={trigger.channel}
              noneLabel={t('automations.any', 'Any')}
              options={vocabulary.channels.map((channel) => ({
                value: channel,
                label: t(`campaigns.channel.${channel}`, channel),
              }))}
              error={problemOf(problems, 'channel')}
              onChange={(channel) => build(trigger.campaign, channel)}
            />
          </>
        );
      }
      case 'condition':
        return (
          <ConditionField
            label={t('automations.trigger.conditionField', 'Enrol when')}
            condition={trigger.condition}
            vocabulary={vocabulary}
            error={problemOf(problems, 'condition')}
            onChange={(condition) => onChange({ ...trigger, condition })}
          />
        );
      case 'inactivity':
        return (
          <Labeled
            label={t('automations.trigger.days', 'Days without a visit')}
            error={problemOf(problems, 'days')}
          >
            <NumberInput
              value={trigger.days}
              onValueChange={(days: number | undefined) =>
                onChange({ ...trigger, days: days ?? 1 })
              }
            />
          </Labeled>
        );
      case 'manual':
        return (
          <Typography textColor="neutral600">
            {t(
              'automations.trigger.manualHint',
              'Your systems enrol contacts by their visitor id or e-mail (POST /cxm/automations/:id/enrollments).'
            )}
          </Typography>
        );
      default:
        return null;
    }
  })();
  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="cxm-trigger-form">
      <Typography variant="delta" tag="h3">
        {t('automations.trigger.title', 'Trigger')}
      </Typography>
      <ProblemList problems={problems} />
      <Labeled label={t('automations.trigger.type', 'Enrol contacts when')}>
        <SingleSelect
          value={trigger.type}
          onChange={(type: string | number) =>
            onChange({
              ...defaultTrigger(type as TriggerType, vocabulary),
              ...(type === 'inactivity' || type === 'manual' ? {} : keep),
            })
          }
        >
          {TRIGGER_TYPES.map((type) => (
            <SingleSelectOption key={type} value={type}>
              {words(type)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Labeled>
      {fields}
      {hasEvent && (
        <Checkbox
          checked={trigger.when !== undefined}
          onCheckedChange={(checked: boolean) => {
            const { when: _left, ...rest } = trigger;
            onChange(checked ? { ...rest, when: {} } : rest);
          }}
        >
          {t('automations.trigger.onlyWhen', 'Only when the contact also meets a condition')}
        </Checkbox>
      )}
      {hasEvent && trigger.when !== undefined && (
        <ConditionField
          label={t('automations.trigger.whenField', 'At that moment the contact')}
          condition={trigger.when}
          vocabulary={vocabulary}
          error={problemOf(problems, 'when')}
          onChange={(when) => onChange({ ...trigger, when })}
        />
      )}
    </Flex>
  );
}
