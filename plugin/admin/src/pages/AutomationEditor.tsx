import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type {
  AutomationDetail,
  AutomationInput,
  AutomationStats,
  Flow,
  ReentryPolicy,
  RuleIssue,
  Step,
  StepType,
  Trigger,
} from '../../../server/src/contracts';
import { useAutomationsApi } from '../api/automations';
import { useVocabulary } from '../api/useVocabulary';
import { FlowDiagram, type DiagramNodeData } from '../components/automation/FlowDiagram';
import {
  Labeled,
  ProblemList,
  useDescribeDuration,
  type Vocabulary,
} from '../components/automation/fields';
import { StepForm, useStepWords } from '../components/automation/StepForm';
import { TriggerForm, defaultTrigger, useTriggerWords } from '../components/automation/TriggerForm';
import { apiProblem, useApiAction } from '../utils/api';
import { useAutomationStateLabel } from '../utils/automationStates';
import {
  STEP_TYPES,
  TRIGGER_NODE,
  addStep,
  connect,
  disconnect,
  edgesOf,
  problemsByNode,
  removeStep,
  unusedStepId,
} from '../utils/flowGraph';
import { useTranslate, type Translate } from '../utils/translate';
import { PluginPage } from '../components/PluginPage';

type Draft = Required<Pick<AutomationInput, 'name' | 'trigger' | 'flow' | 'reentry'>> & {
  description: string;
  reentryDays: number | null;
};

const VALIDATION_DELAY_MS = 400;

function newStep(type: StepType, id: string, vocabulary: Vocabulary, t: Translate): Step {
  switch (type) {
    case 'wait':
      return { id, type, duration: { days: 1 } };
    case 'condition':
      return { id, type, condition: {} };
    case 'wait-until':
      return { id, type, condition: {}, timeout: { days: 7 } };
    case 'email':
      return {
        id,
        type,
        subject: t('automations.newEmail.subject', 'News for you'),
        text: t('automations.newEmail.text', 'Hello,'),
      };
    case 'points':
      return vocabulary.goals[0]
        ? { id, type, goal: vocabulary.goals[0].slug }
        : { id, type, points: 10 };
    case 'attribute':
      return { id, type, name: 'segment', value: '' };
    case 'webhook':
      return { id, type, url: 'https://' };
    case 'split':
      return {
        id,
        type,
        branches: [
          { weight: 0.5, next: null },
          { weight: 0.5, next: null },
        ],
      };
    case 'exit':
      return { id, type };
  }
}

const inputOf = (draft: Draft): AutomationInput => ({
  name: draft.name,
  description: draft.description || null,
  trigger: draft.trigger,
  flow: draft.flow,
  reentry: draft.reentry,
  reentryDays: draft.reentry === 'once-per-days' ? draft.reentryDays : null,
});

const draftOf = (automation: AutomationDetail): Draft => ({
  name: automation.name,
  description: automation.description ?? '',
  trigger: automation.trigger,
  flow: automation.flow,
  reentry: automation.reentry,
  reentryDays: automation.reentryDays,
});

/** The problems an answer names (a refused activation, a request the schema refused), as paths and messages. */
const issuesOf = (error: unknown): RuleIssue[] => {
  const problem = apiProblem(error);
  const fields = Object.entries(problem.fields).map(([path, message]) => ({ path, message }));
  return fields.length ? fields : [{ path: '', message: problem.message }];
};

function useSummaries(vocabulary: Vocabulary | null) {
  const t = useTranslate();
  const duration = useDescribeDuration();
  const triggerWords = useTriggerWords();
  const goalName = (slug: string) =>
    vocabulary?.goals.find((goal) => goal.slug === slug)?.name ?? slug;
  return {
    step: (step: Step): string => {
      switch (step.type) {
        case 'wait':
          return step.until
            ? t('automations.summary.until', 'until {hour}:{minute}', {
                hour: step.until.hour,
                minute: String(step.until.minute ?? 0).padStart(2, '0'),
              })
            : duration(step.duration);
        case 'condition':
          return t('automations.summary.condition', 'If the condition holds');
        case 'wait-until':
          return t('automations.summary.waitUntil', 'Condition, at most {duration}', {
            duration: duration(step.timeout),
          });
        case 'email':
          return step.subject;
        case 'points':
          return step.goal
            ? goalName(step.goal)
            : t('automations.summary.points', '+{points} points', { points: step.points ?? 0 });
        case 'attribute':
          return `${step.name} = ${String(step.value)}`;
        case 'webhook':
          return step.url.replace(/^https?:\/\//, '');
        case 'split':
          return step.branches.map((branch) => `${Math.round(branch.weight * 100)} %`).join(' / ');
        case 'exit':
          return '';
      }
    },
    trigger: (trigger: Trigger): string => {
      switch (trigger.type) {
        case 'goal':
          return goalName(trigger.goal);
        case 'persona':
          return (
            vocabulary?.personas.find((persona) => persona.slug === trigger.persona)?.name ??
            trigger.persona
          );
        case 'score':
          return `${vocabulary?.profileKeys.find((key) => key.slug === trigger.key)?.name ?? trigger.key} > ${trigger.threshold}`;
        case 'visit':
          return [trigger.campaign, trigger.channel].filter(Boolean).join(' · ');
        case 'inactivity':
          return t('automations.summary.inactivity', '{days} days', { days: trigger.days });
        default:
          return triggerWords(trigger.type);
      }
    },
  };
}

/** The name, description and re-entry policy of the automation. */
function SettingsForm({ draft, onChange }: { draft: Draft; onChange: (draft: Draft) => void }) {
  const t = useTranslate();
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Labeled label={t('automations.name', 'Name')} required>
        <TextInput
          value={draft.name}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange({ ...draft, name: event.target.value })
          }
        />
      </Labeled>
      <Labeled label={t('automations.description', 'Description')}>
        <Textarea
          value={draft.description}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
            onChange({ ...draft, description: event.target.value })
          }
        />
      </Labeled>
      <Labeled label={t('automations.reentry', 'A contact may enter')}>
        <SingleSelect
          value={draft.reentry}
          onChange={(value: string | number) =>
            onChange({
              ...draft,
              reentry: value as ReentryPolicy,
              reentryDays: value === 'once-per-days' ? (draft.reentryDays ?? 30) : null,
            })
          }
        >
          <SingleSelectOption value="once">
            {t('automations.reentry.once', 'once')}
          </SingleSelectOption>
          <SingleSelectOption value="once-per-days">
            {t('automations.reentry.oncePerDays', 'once in a number of days')}
          </SingleSelectOption>
          <SingleSelectOption value="every-time">
            {t('automations.reentry.everyTime', 'every time the trigger happens')}
          </SingleSelectOption>
        </SingleSelect>
      </Labeled>
      {draft.reentry === 'once-per-days' && (
        <Labeled label={t('automations.reentryDays', 'Days between entries')}>
          <NumberInput
            value={draft.reentryDays ?? undefined}
            onValueChange={(days: number | undefined) =>
              onChange({ ...draft, reentryDays: days ?? null })
            }
          />
        </Labeled>
      )}
    </Flex>
  );
}

function Editor({
  stored,
  stats,
  vocabulary,
  onSaved,
}: {
  stored: AutomationDetail | null;
  stats: AutomationStats | null;
  vocabulary: Vocabulary;
  onSaved: (automation: AutomationDetail) => void;
}) {
  const t = useTranslate();
  const api = useAutomationsApi();
  const navigate = useNavigate();
  const stepWords = useStepWords();
  const triggerWords = useTriggerWords();
  const summaries = useSummaries(vocabulary);
  const stateLabel = useAutomationStateLabel();
  const [draft, setDraft] = React.useState<Draft>(() =>
    stored
      ? draftOf(stored)
      : {
          name: '',
          description: '',
          trigger: defaultTrigger(vocabulary.goals.length ? 'goal' : 'manual', vocabulary),
          flow: { start: '', steps: [] },
          reentry: 'once',
          reentryDays: null,
        }
  );
  const [selected, setSelected] = React.useState<string | null>(TRIGGER_NODE);
  const [problems, setProblems] = React.useState<RuleIssue[]>(stored?.problems ?? []);
  const saved = stored ? JSON.stringify(inputOf(draftOf(stored))) : null;
  const changed = JSON.stringify(inputOf(draft)) !== saved;
  const state = stored?.state ?? 'draft';
  const run = useApiAction();

  // the server's problems for what is drawn now: the same checks as activation
  React.useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      // nothing drawn yet: nothing to say
      if (draft.flow.steps.length === 0) return setProblems([]);
      api.validate({ trigger: draft.trigger, flow: draft.flow }).then(
        (answer) => current && setProblems(answer.problems),
        (error: unknown) => current && setProblems(issuesOf(error))
      );
    }, VALIDATION_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, draft.trigger, draft.flow]);

  const { byNode, other } = React.useMemo(
    () => problemsByNode(draft.flow, problems),
    [draft.flow, problems]
  );

  const nodeData = React.useCallback(
    (id: string): DiagramNodeData => {
      if (id === TRIGGER_NODE)
        return {
          title: t('automations.trigger.title', 'Trigger'),
          summary: `${triggerWords(draft.trigger.type)}: ${summaries.trigger(draft.trigger)}`,
          waiting: null,
          passed: null,
          problems: byNode[TRIGGER_NODE] ?? [],
          isStart: false,
          handles: [{ id: 'start', label: '' }],
        };
      const step = draft.flow.steps.find((candidate) => candidate.id === id)!;
      const edges = edgesOf(step);
      return {
        title: stepWords.type(step.type),
        summary: summaries.step(step),
        waiting: stats?.waitingPerStep[id] ?? null,
        passed: stats?.passedPerStep[id] ?? null,
        problems: byNode[id] ?? [],
        isStart: draft.flow.start === id,
        handles: edges.map((edge) => ({
          id: edge.handle,
          label: edges.length > 1 ? stepWords.edge(step, edge.handle) : '',
        })),
      };
    },
    // the word helpers are rebuilt on every render; what they say depends on these
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [draft.flow, draft.trigger, byNode, stats, vocabulary]
  );

  const setFlow = (flow: Flow) => setDraft((current) => ({ ...current, flow }));
  const selectedStep = draft.flow.steps.find((step) => step.id === selected) ?? null;

  /** A new automation gets its own address once everything it was saved for is done (the move remounts the page, which ends its requests). */
  const showSaved = (answer: AutomationDetail) => {
    if (!stored) navigate(`../${answer.documentId}`, { relative: 'path', replace: true });
  };

  async function save(): Promise<AutomationDetail> {
    try {
      const answer = stored
        ? await api.update(stored.documentId, inputOf(draft))
        : await api.create(inputOf(draft));
      setProblems(answer.problems);
      onSaved(answer);
      return answer;
    } catch (error) {
      setProblems(issuesOf(error));
      throw error;
    }
  }

  const saveLabel = t('automations.save', 'Save');
  const title = stored?.name ?? t('automations.new', 'New automation');
  const activate = () =>
    run(
      async () => {
        const answer = changed || !stored ? await save() : stored;
        try {
          await api.activate(answer.documentId);
        } catch (error) {
          setProblems(issuesOf(error));
          showSaved(answer);
          throw error;
        }
        onSaved(await api.get(answer.documentId));
        showSaved(answer);
      },
      t('automations.activated', '{name} is active', { name: draft.name })
    );

  return (
    <PluginPage
      title={title}
      subtitle={
        <Flex gap={2}>
          <Badge active={state === 'active'} data-testid="cxm-automation-state">
            {stateLabel(state)}
          </Badge>
          {stored && stored.version > 0 && (
            <Typography variant="pi" textColor="neutral600">
              {t('automations.version', 'version {version}', { version: stored.version })}
            </Typography>
          )}
        </Flex>
      }
      navigationAction={
        <Link to=".." relative="path">
          {t('automations.title', 'Automations')}
        </Link>
      }
      primaryAction={
        <Flex gap={2}>
          {state !== 'archived' && (
            <Button
              variant="secondary"
              disabled={!changed || !draft.name.trim() || draft.flow.steps.length === 0}
              onClick={() =>
                run(
                  async () => showSaved(await save()),
                  t('automations.saved', '{name} saved', { name: draft.name })
                )
              }
            >
              {saveLabel}
            </Button>
          )}
          {(state === 'draft' || state === 'paused') && (
            <Button
              disabled={!draft.name.trim() || draft.flow.steps.length === 0}
              onClick={activate}
            >
              {t('automations.activate', 'Activate')}
            </Button>
          )}
          {state === 'active' && (
            <Button
              variant="secondary"
              onClick={() =>
                run(
                  async () =>
                    onSaved(await api.get((await api.pause(stored!.documentId)).documentId)),
                  t('automations.paused', '{name} is paused', { name: draft.name })
                )
              }
            >
              {t('automations.pause', 'Pause')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        {state === 'active' && (
          <Typography textColor="neutral600">
            {t(
              'automations.activeHint',
              'Saving an active automation publishes a new version at once; running enrolments keep the version they started on.'
            )}
          </Typography>
        )}
        {other.length > 0 && <ProblemList problems={other} />}
        {problems.length > 0 && (
          <Typography textColor="danger600" data-testid="cxm-flow-problems">
            {t(
              'automations.problemCount',
              '{count, plural, one {# problem keeps} other {# problems keep}} this automation from running: select the marked steps.',
              { count: problems.length }
            )}
          </Typography>
        )}
        <Flex
          gap={2}
          wrap="wrap"
          role="toolbar"
          aria-label={t('automations.palette', 'Add a step')}
        >
          {STEP_TYPES.map((type) => (
            <Button
              key={type}
              size="S"
              variant="tertiary"
              startIcon={<Plus />}
              disabled={state === 'archived'}
              onClick={() => {
                const id = unusedStepId(draft.flow, type);
                setFlow(addStep(draft.flow, newStep(type, id, vocabulary, t)));
                setSelected(id);
              }}
            >
              {stepWords.type(type)}
            </Button>
          ))}
        </Flex>
        <Grid.Root gap={4}>
          <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
            <FlowDiagram
              flow={draft.flow}
              nodeData={nodeData}
              selected={selected}
              onSelect={setSelected}
              onChange={(edit) => setDraft((current) => ({ ...current, flow: edit(current.flow) }))}
            />
            <Typography variant="pi" textColor="neutral600">
              {t(
                'automations.diagramHint',
                'Drag from the dot under a step to the next step to connect them; select a step or path and press Delete to remove it.'
              )}
            </Typography>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Box
              background="neutral0"
              hasRadius
              shadow="tableShadow"
              padding={4}
              data-testid="cxm-side-panel"
            >
              {selected !== null && (
                <Box paddingBottom={3}>
                  <Button variant="tertiary" size="S" onClick={() => setSelected(null)}>
                    {t('automations.showSettings', 'Name and re-entry')}
                  </Button>
                </Box>
              )}
              {selectedStep ? (
                <StepForm
                  key={selectedStep.id}
                  step={selectedStep}
                  steps={draft.flow.steps}
                  vocabulary={vocabulary}
                  problems={byNode[selectedStep.id] ?? []}
                  isStart={draft.flow.start === selectedStep.id}
                  onChange={(step) =>
                    setFlow({
                      ...draft.flow,
                      steps: draft.flow.steps.map((candidate) =>
                        candidate.id === step.id ? step : candidate
                      ),
                    })
                  }
                  onEdge={(handle, target) =>
                    setFlow(
                      target
                        ? connect(draft.flow, selectedStep.id, handle, target)
                        : disconnect(draft.flow, selectedStep.id, handle)
                    )
                  }
                  onMakeStart={() => setFlow({ ...draft.flow, start: selectedStep.id })}
                  onDelete={() => {
                    setFlow(removeStep(draft.flow, selectedStep.id));
                    setSelected(null);
                  }}
                />
              ) : selected === TRIGGER_NODE ? (
                <TriggerForm
                  trigger={draft.trigger}
                  vocabulary={vocabulary}
                  problems={byNode[TRIGGER_NODE] ?? []}
                  onChange={(trigger) => setDraft({ ...draft, trigger })}
                />
              ) : (
                <SettingsForm draft={draft} onChange={setDraft} />
              )}
            </Box>
          </Grid.Item>
        </Grid.Root>
        {stats && (
          <Typography variant="pi" textColor="neutral600" data-testid="cxm-automation-counts">
            {t(
              'automations.counts',
              '{enrolled} enrolled, {active} running, {completed} completed, {exited} exited, {failed} failed; {sent} e-mails sent; value after enrolment {value}',
              {
                enrolled: stats.enrolled,
                active: stats.active,
                completed: stats.completed,
                exited: stats.exited,
                failed: stats.failed,
                sent: stats.emails.sent,
                value: stats.valueAfterEnrolment,
              }
            )}
          </Typography>
        )}
      </Flex>
    </PluginPage>
  );
}

/** One automation (or a new one at `new`): its flow as a diagram, the forms of trigger and steps, activation. */
export function AutomationEditor() {
  const { documentId } = useParams<{ documentId: string }>();
  const api = useAutomationsApi();
  const { vocabulary, problem } = useVocabulary();
  const t = useTranslate();
  const isNew = documentId === 'new';
  const [loaded, setLoaded] = React.useState<{
    automation: AutomationDetail;
    stats: AutomationStats;
  } | null>(null);
  const [failed, setFailed] = React.useState(false);

  React.useEffect(() => {
    if (isNew) return;
    let current = true;
    Promise.all([api.get(documentId!), api.stats(documentId!)]).then(
      ([automation, stats]) => current && setLoaded({ automation, stats }),
      () => current && setFailed(true)
    );
    return () => {
      current = false;
    };
  }, [api, documentId, isNew]);

  if (failed) return <Page.Error />;
  if (problem)
    return (
      <Page.Main>
        <Layouts.Header title={t('automations.title', 'Automations')} />
        <Layouts.Content>
          <ProblemList
            problems={[
              {
                field: '',
                message: t(
                  'automations.vocabularyMissing',
                  'The goals, campaigns and personas the editor offers could not be read ({problem}). Editing automations also needs the permission to manage definitions.',
                  { problem }
                ),
              },
            ]}
          />
        </Layouts.Content>
      </Page.Main>
    );
  if (!vocabulary || (!isNew && !loaded)) return <Page.Loading />;
  return (
    <Editor
      // activating or pausing starts the form from what was stored; creating keeps it (and its requests)
      key={loaded ? `${loaded.automation.state}:${loaded.automation.version}` : 'draft:0'}
      stored={isNew ? null : loaded!.automation}
      stats={isNew ? null : loaded!.stats}
      vocabulary={vocabulary}
      onSaved={(automation) =>
        setLoaded((current) => ({
          automation,
          stats: current?.stats ?? {
            enrolled: 0,
            active: 0,
            paused: 0,
            completed: 0,
            exited: 0,
            failed: 0,
            waitingPerStep: {},
            passedPerStep: {},
            emails: { sent: 0, skipped: 0, failed: 0, retrying: 0, unknown: 0 },
            valueAfterEnrolment: 0,
          },
        }))
      }
    />
  );
}
