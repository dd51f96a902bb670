import * as React from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Play, Plus, Stop } from '@strapi/icons';
import { Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type {
  ExperimentDetail,
  ExperimentResults as Results,
  Goal,
  RuleSetList,
  VariantResult,
} from '../../../server/src/contracts';
import { HOLDOUT_KEY } from '../../../server/src/contracts';
import { useExperimentsApi } from '../api/experiments';
import { useGoalsApi } from '../api/goals';
import { useRulesApi } from '../api/rules';
import { useApiData } from '../api/useApiData';
import { ConversionChart } from '../components/ConversionChart';
import { ExperimentForm, useEntries } from '../components/ExperimentForm';
import { permissionsOf } from '../permissions';
import { apiProblem } from '../utils/api';
import {
  draftOf,
  emptyDraft,
  inputOf,
  saveProblems,
  startProblems,
  type ExperimentDraft,
} from '../utils/experimentDraft';
import { formatExperimentState } from '../utils/experimentStates';
import { useTranslate } from '../utils/translate';
import { PluginPage } from '../components/PluginPage';

const MANAGE_PERMISSIONS = permissionsOf('manageExperiments');

function usePercent() {
  const { formatNumber } = useIntl();
  return (value: number) =>
    `${formatNumber(value * 100, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} %`;
}

export function ExperimentList() {
  const api = useExperimentsApi();
  const t = useTranslate();
  const navigate = useNavigate();
  const { allowedActions } = useRBAC(MANAGE_PERMISSIONS);
  const { data: experiments } = useApiData(api.list);
  const title = t('experiments.title', 'Experiments');
  const create = (
    <Button startIcon={<Plus />} onClick={() => navigate('new')}>
      {t('experiments.new', 'New experiment')}
    </Button>
  );
  return (
    <PluginPage
      title={title}
      subtitle={t('experiments.subtitle', 'A/B/n tests on content, with honest statistics')}
      primaryAction={allowedActions.canManage ? create : undefined}
    >
      {!experiments && <Page.Loading />}
      {experiments?.length === 0 && (
        <EmptyStateLayout
          content={t(
            'experiments.emptyAdmin',
            'No experiment yet. Create one: choose the entry to test, what each arm shows and the goal that counts as success, then start it.'
          )}
          action={allowedActions.canManage ? create : undefined}
        />
      )}
      {experiments && experiments.length > 0 && (
        <Box background="neutral0" hasRadius shadow="tableShadow">
          <Table colCount={4} rowCount={experiments.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">
                    {t('experiments.column.experiment', 'Experiment')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('experiments.column.entry', 'Entry')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('experiments.column.state', 'State')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {t('experiments.column.winner', 'Winner')}
                  </Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {experiments.map((experiment) => (
                <Tr key={experiment.documentId}>
                  <Td>
                    <Link to={experiment.documentId}>{experiment.name}</Link>
                  </Td>
                  <Td>
                    <Typography>{experiment.baseTitle}</Typography>
                  </Td>
                  <Td>
                    <Badge active={experiment.state === 'running'}>
                      {formatExperimentState(t, experiment.state)}
                    </Badge>
                  </Td>
                  <Td>
                    <Typography>{experiment.winner ?? '—'}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      )}
    </PluginPage>
  );
}

/** What the form picks from: content types, goals; loaded once per page. */
function useChoices() {
  const rules = useRulesApi();
  const goalsApi = useGoalsApi();
  const load = React.useCallback(async (): Promise<{
    types: RuleSetList['types'];
    goals: Goal[];
  }> => {
    const [list, goals] = await Promise.all([rules.list(), goalsApi.list()]);
    return { types: list.types, goals };
  }, [rules, goalsApi]);
  return useApiData(load).data;
}

/** The set-up form of a new experiment; saving makes a draft and opens it. */
export function ExperimentCreate() {
  const api = useExperimentsApi();
  const t = useTranslate();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const choices = useChoices();
  const [edited, setDraft] = React.useState<ExperimentDraft>(emptyDraft);
  const [problem, setProblem] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  // the first content type is chosen until the marketer chooses another
  const draft = edited.baseUid ? edited : { ...edited, baseUid: choices?.types[0]?.uid ?? '' };
  const entries = useEntries(draft.baseUid);

  const title = t('experiments.newTitle', 'New experiment');
  const blockers = saveProblems(draft, t);
  async function save() {
    setSaving(true);
    try {
      const created = await api.create(inputOf(draft, entries));
      toggleNotification({
        type: 'success',
        message: t('experiments.created', 'Experiment {name} saved as a draft', {
          name: created.name,
        }),
      });
      navigate(`../${created.documentId}`, { relative: 'path' });
    } catch (error) {
      const { message } = apiProblem(error);
      setProblem(message);
      toggleNotification({ type: 'danger', message });
    } finally {
      setSaving(false);
    }
  }

  return (
    <PluginPage
      title={title}
      subtitle={t('experiments.newSubtitle', 'Saved as a draft: nobody sees it until you start it')}
      navigationAction={<Link to="..">{t('experiments.title', 'Experiments')}</Link>}
      primaryAction={
        <Button onClick={save} loading={saving} disabled={blockers.length > 0}>
          {t('experiments.saveDraft', 'Save draft')}
        </Button>
      }
    >
      {!choices && <Page.Loading />}
      {choices && (
        <ExperimentForm
          draft={draft}
          onChange={setDraft}
          types={choices.types}
          entries={entries}
          goals={choices.goals}
          locked={false}
          problem={problem}
          problems={[...blockers, ...startProblems(draft, t)]}
        />
      )}
    </PluginPage>
  );
}

/** One experiment: a draft's set-up with Start; a started one's results, Stop / Start again and its set-up (name, hypothesis and sample stay editable). */
export function ExperimentPage() {
  const { documentId } = useParams<{ documentId: string }>();
  const api = useExperimentsApi();
  const t = useTranslate();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(MANAGE_PERMISSIONS);
  const choices = useChoices();
  const loadExperiment = React.useCallback(() => api.findOne(documentId!), [api, documentId]);
  const { data: experiment, reload } = useApiData(loadExperiment, { hidePrevious: true });
  // the set-up as loaded until it is edited; a reload (after a save, start or stop) shows the stored one
  const loaded = React.useMemo(() => experiment && draftOf(experiment), [experiment]);
  const [edit, setEdit] = React.useState<{ of: ExperimentDetail; draft: ExperimentDraft } | null>(
    null
  );
  const draft = edit && edit.of === experiment ? edit.draft : loaded;
  const setDraft = (next: ExperimentDraft) =>
    experiment && setEdit({ of: experiment, draft: next });
  const [problem, setProblem] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const entries = useEntries(draft?.baseUid ?? '');

  if (!experiment || !draft || !choices) return <Page.Loading />;
  const locked = experiment.state !== 'draft';
  const blockers = saveProblems(draft, t);
  const toStart = [...blockers, ...startProblems(draft, t)];
  const changed =
    JSON.stringify(inputOf(draft, entries)) !==
    JSON.stringify(inputOf(draftOf(experiment), entries));

  /** Runs a write; the API's message is shown above the form and as a notification. */
  async function act(action: () => Promise<ExperimentDetail>, success: string) {
    setBusy(true);
    try {
      await action();
      setProblem(null);
      toggleNotification({ type: 'success', message: success });
      await reload();
    } catch (error) {
      const { message } = apiProblem(error);
      setProblem(message);
      toggleNotification({ type: 'danger', message });
    } finally {
      setBusy(false);
    }
  }

  const input = inputOf(draft, entries);
  const save = () =>
    act(
      () =>
        api.update(
          experiment.documentId,
          locked
            ? {
                name: input.name,
                hypothesis: input.hypothesis,
                minimumSample: input.minimumSample,
              }
            : input
        ),
      t('experiments.saved', '{name} saved', { name: input.name })
    );
  const start = () =>
    act(
      async () => {
        if (changed) await api.update(experiment.documentId, input);
        return api.start(experiment.documentId);
      },
      t('experiments.started', '{name} started', { name: input.name })
    );
  const stop = () =>
    act(
      () => api.stop(experiment.documentId),
      t('experiments.stopped', '{name} stopped', { name: experiment.name })
    );

  const canManage = allowedActions.canManage;
  const actions = canManage ? (
    <Flex gap={2}>
      <Button
        variant="secondary"
        onClick={save}
        loading={busy}
        disabled={!changed || blockers.length > 0}
      >
        {t('experiments.save', 'Save')}
      </Button>
      {experiment.state === 'running' && (
        <Button variant="danger-light" startIcon={<Stop />} onClick={stop} loading={busy}>
          {t('experiments.stop', 'Stop')}
        </Button>
      )}
      {(experiment.state === 'draft' || experiment.state === 'stopped') && (
        <Button
          startIcon={<Play />}
          onClick={start}
          loading={busy}
          disabled={experiment.state === 'draft' && toStart.length > 0}
        >
          {experiment.state === 'draft'
            ? t('experiments.start', 'Start')
            : t('experiments.startAgain', 'Start again')}
        </Button>
      )}
    </Flex>
  ) : undefined;

  return (
    <PluginPage
      title={experiment.name}
      subtitle={
        <Flex gap={2} alignItems="center">
          <Badge active={experiment.state === 'running'}>
            {formatExperimentState(t, experiment.state)}
          </Badge>
          <Typography variant="epsilon" textColor="neutral600">
            {t('experiments.onEntry', 'on {title}', { title: experiment.baseTitle })}
          </Typography>
        </Flex>
      }
      navigationAction={<Link to="..">{t('experiments.title', 'Experiments')}</Link>}
      primaryAction={actions}
    >
      <Flex direction="column" alignItems="stretch" gap={6}>
        {locked && (
          <ExperimentResultsView
            experiment={experiment}
            goals={choices.goals}
            canManage={canManage}
            onPromoted={reload}
          />
        )}
        {locked && (
          <Typography variant="delta" tag="h2">
            {t('experiments.setUp', 'Set-up')}
          </Typography>
        )}
        <ExperimentForm
          draft={draft}
          onChange={setDraft}
          types={choices.types}
          entries={entries}
          goals={choices.goals}
          locked={locked}
          problem={problem}
          problems={locked ? blockers : toStart}
        />
      </Flex>
    </PluginPage>
  );
}

/** A started experiment's results: the verdict, the sample-ratio check, the chart of conversion rates and the table, promoting a winner. */
function ExperimentResultsView({
  experiment,
  goals,
  canManage,
  onPromoted,
}: {
  experiment: ExperimentDetail;
  goals: Goal[];
  canManage: boolean;
  onPromoted: () => unknown;
}) {
  const api = useExperimentsApi();
  const { toggleNotification } = useNotification();
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const percent = usePercent();
  const loadResults = React.useCallback(
    () => api.results(experiment.documentId),
    // the results change with the experiment's state (a promotion, a restart)
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, experiment.documentId, experiment.state]
  );
  const { data: results, reload } = useApiData<Results>(loadResults);

  async function promote(variant: string) {
    try {
      await api.promote(experiment.documentId, { variant });
      toggleNotification({
        type: 'success',
        message: t('experiments.promoted', 'Variant {variant} promoted', { variant }),
      });
      await reload();
      onPromoted();
    } catch (error) {
      toggleNotification({ type: 'danger', message: apiProblem(error).message });
    }
  }

  if (!results) return <Page.Loading />;
  const { variants, sampleRatio, verdict } = results;
  const open = experiment.state === 'running' || experiment.state === 'stopped';
  const closeLabel = t('experiments.close', 'Close');
  const goalName =
    goals.find((goal) => goal.slug === results.experiment.primaryGoal)?.name ??
    results.experiment.primaryGoal ??
    '—';
  const labelOf = (variant: VariantResult, index: number) => {
    const arm = experiment.variants.find((candidate) => candidate.key === variant.key);
    const name =
      variant.key === HOLDOUT_KEY
        ? t('experiments.holdout', 'held out')
        : arm?.personalized
          ? t('experiments.personalizedArm', '{title}, personalized', {
              title: experiment.baseTitle,
            })
          : arm && arm.documentId === null
            ? experiment.baseTitle
            : (arm?.name ?? variant.key);
    return index === 0 ? t('experiments.control', '{variant} (control)', { variant: name }) : name;
  };
  const columns = [
    t('experiments.column.variant', 'Variant'),
    t('experiments.column.visitors', 'Visitors'),
    t('experiments.column.conversions', 'Conversions'),
    t('experiments.column.conversionRate', 'Conversion rate'),
    t('experiments.column.interval', '95 % interval'),
    t('experiments.column.valuePerVisitor', 'Value / visitor'),
    t('experiments.column.uplift', 'Uplift (95 % CI)'),
    t('experiments.column.pValue', 'p-value'),
    t('experiments.column.chanceToBeatControl', 'Chance to beat control'),
  ];
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {experiment.hypothesis && (
        <Typography textColor="neutral700">
          {t('experiments.hypothesisIs', 'Hypothesis: {hypothesis}', {
            hypothesis: experiment.hypothesis,
          })}
        </Typography>
      )}
      {sampleRatio.mismatch && (
        <Alert
          variant="danger"
          title={t('experiments.sampleRatio.title', 'Sample ratio mismatch')}
          closeLabel={closeLabel}
        >
          {t(
            'experiments.sampleRatio.message',
            "The split of visitors differs from the configured weights (p = {pValue}): check the experiment's setup before trusting its results.",
            { pValue: sampleRatio.pValue.toExponential(2) }
          )}
        </Alert>
      )}
      <Alert
        variant={verdict.status === 'winner' ? 'success' : 'default'}
        title={t('experiments.verdict', 'Verdict')}
        closeLabel={closeLabel}
        data-testid="cxm-verdict"
      >
        {verdict.message}
      </Alert>
      <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
        <Typography variant="delta" tag="h2">
          {t('experiments.chart.title', 'Conversion rate per arm')}
        </Typography>
        <Box paddingTop={4}>
          <ConversionChart variants={variants} labelOf={labelOf} goalName={goalName} />
        </Box>
      </Box>
      <Box background="neutral0" hasRadius shadow="tableShadow">
        <Table colCount={10} rowCount={variants.length + 1}>
          <Thead>
            <Tr>
              {columns.map((label) => (
                <Th key={label}>
                  <Typography variant="sigma">{label}</Typography>
                </Th>
              ))}
              <Th>
                <Typography variant="sigma">&nbsp;</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {variants.map((variant, index) => (
              <Tr key={variant.key}>
                <Td>
                  <Typography fontWeight="bold">{labelOf(variant, index)}</Typography>
                </Td>
                <Td>
                  <Typography>{formatNumber(variant.visitors)}</Typography>
                </Td>
                <Td>
                  <Typography>{formatNumber(variant.conversions)}</Typography>
                </Td>
                <Td>
                  <Typography>{percent(variant.conversionRate)}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {`${percent(variant.conversionInterval95[0])} … ${percent(variant.conversionInterval95[1])}`}
                  </Typography>
                </Td>
                <Td>
                  <Typography>
                    {formatNumber(variant.valuePerVisitor, { maximumFractionDigits: 2 })}
                  </Typography>
                </Td>
                <Td>
                  <Typography>
                    {variant.test?.uplift === null || variant.test?.uplift === undefined
                      ? '—'
                      : `${percent(variant.test.uplift)}${variant.test.upliftInterval95 ? ` (${percent(variant.test.upliftInterval95[0])} … ${percent(variant.test.upliftInterval95[1])})` : ''}`}
                  </Typography>
                </Td>
                <Td>
                  <Typography>
                    {variant.test
                      ? formatNumber(variant.test.pValue, { maximumFractionDigits: 4 })
                      : '—'}
                  </Typography>
                </Td>
                <Td>
                  <Typography>
                    {variant.chanceToBeatControl === undefined
                      ? '—'
                      : percent(variant.chanceToBeatControl)}
                  </Typography>
                </Td>
                <Td>
                  {open && canManage && variant.key !== HOLDOUT_KEY && (
                    <Button variant="secondary" size="S" onClick={() => promote(variant.key)}>
                      {t('experiments.promote', 'Promote')}
                    </Button>
                  )}
                  {experiment.winner === variant.key && (
                    <Badge active>{t('experiments.winner', 'winner')}</Badge>
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Box>
    </Flex>
  );
}
