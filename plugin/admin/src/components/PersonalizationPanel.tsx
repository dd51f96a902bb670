import * as React from 'react';
import {
  Badge,
  Button,
  Flex,
  Field,
  MultiSelect,
  MultiSelectOption,
  Typography,
} from '@strapi/design-system';
import {
  useAPIErrorHandler,
  useNotification,
  useQueryParams,
  useRBAC,
  type FetchError,
} from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import type { Tagging } from '../../../server/src/contracts';
import { useExperimentsApi } from '../api/experiments';
import { useTaggingApi } from '../api/tagging';
import { useApiData } from '../api/useApiData';
import { permissionsOf } from '../permissions';
import { formatExperimentState } from '../utils/experimentStates';
import { useTranslate } from '../utils/translate';
import { PanelVariants } from './PanelVariants';

const TAG_PERMISSIONS = permissionsOf('tagContent');

/** An experiment on this entry: its state and, for those who may read analytics, its verdict so far. */
function ExperimentSummary({ experiment }: { experiment: Tagging['experiments'][number] }) {
  const t = useTranslate();
  const api = useExperimentsApi();
  const [verdict, setVerdict] = React.useState<string | null>(null);
  React.useEffect(() => {
    api
      .results(experiment.documentId)
      .then((results) => setVerdict(results.verdict.message))
      .catch(() => setVerdict(null)); // without the analytics permission the state is all there is to show
  }, [api, experiment.documentId]);
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Flex gap={2}>
        <Badge active={experiment.state === 'running'}>
          {formatExperimentState(t, experiment.state)}
        </Badge>
        <Link to={`/plugins/cxm/experiments/${experiment.documentId}`}>
          <Typography variant="pi">
            {t('panel.experiment', 'Experiment: {name}', { name: experiment.name })}
          </Typography>
        </Link>
      </Flex>
      {verdict && (
        <Typography variant="pi" textColor="neutral600" data-testid="cxm-panel-verdict">
          {verdict}
        </Typography>
      )}
    </Flex>
  );
}

/** The editor's side of personalization for one entry: profile-key values, goals on view, rules and experiments. */
function PersonalizationContent({ model, documentId }: { model: string; documentId: string }) {
  const t = useTranslate();
  const api = useTaggingApi();
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  const locale = query.plugins?.i18n?.locale || undefined;
  const load = React.useCallback(
    () => api.get({ uid: model, documentId, locale }),
    [api, model, documentId, locale]
  );
  // another entry (e.g. a new variant): never show the previous entry's data meanwhile
  const { data: tagging } = useApiData(load, { hidePrevious: true });

  if (!tagging) return <Typography variant="pi">{t('panel.loading', 'Loading…')}</Typography>;
  return (
    <TaggingForm
      key={`${model}:${documentId}:${locale}`}
      model={model}
      documentId={documentId}
      locale={locale}
      tagging={tagging}
    />
  );
}

/** The entry's tag as loaded, edited until saved. */
function TaggingForm({
  model,
  documentId,
  locale,
  tagging,
}: {
  model: string;
  documentId: string;
  locale: string | undefined;
  tagging: Tagging;
}) {
  const t = useTranslate();
  const api = useTaggingApi();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [values, setValues] = React.useState<Record<string, number>>(tagging.tag?.keyValues ?? {});
  const [goals, setGoals] = React.useState<string[]>(tagging.tag?.goals ?? []);
  const [saving, setSaving] = React.useState(false);

  async function save() {
    setSaving(true);
    try {
      await api.save({ uid: model, documentId, keyValues: values, goals });
      toggleNotification({
        type: 'success',
        message: t('panel.saved', 'Personalization saved'),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('panel.saveFailed', 'Could not save: {message}', {
          message: formatAPIError(error as FetchError),
        }),
      });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      {tagging.profiles.length === 0 && (
        <Typography variant="pi">
          {t('panel.noProfiles', 'Create a profile with keys under Experience → Profiles first.')}
        </Typography>
      )}
      {tagging.profiles.map((profile) => (
        <Flex key={profile.slug} direction="column" alignItems="stretch" gap={2}>
          <Typography variant="sigma">{profile.name}</Typography>
          {profile.keys.map((key) => (
            <Flex key={key.slug} direction="column" alignItems="stretch" gap={1}>
              <Flex justifyContent="space-between">
                <label htmlFor={`cxm-key-${key.slug}`}>
                  <Typography variant="pi">{key.name}</Typography>
                </label>
                <Typography variant="pi" fontWeight="bold" data-testid={`cxm-value-${key.slug}`}>
                  {values[key.slug] ?? 0}
                </Typography>
              </Flex>
              <input
                id={`cxm-key-${key.slug}`}
                aria-label={t('panel.keyLabel', '{profile}: {key}', {
                  profile: profile.name,
                  key: key.name,
                })}
                type="range"
                min={key.min}
                max={key.max}
                step={1}
                value={values[key.slug] ?? 0}
                onChange={(event) =>
                  setValues({ ...values, [key.slug]: Number(event.target.value) })
                }
              />
            </Flex>
          ))}
        </Flex>
      ))}
      <Field.Root name="cxm-goals">
        <Field.Label>{t('panel.goals', 'Goals reached by viewing this entry')}</Field.Label>
        <MultiSelect
          value={goals}
          onChange={(next: string[]) => setGoals(next)}
          placeholder={t('panel.goals.none', 'No goal')}
          withTags
        >
          {tagging.goals.map((goal) => (
            <MultiSelectOption key={goal.slug} value={goal.slug}>
              {t('panel.goals.option', '{goal} ({points})', {
                goal: goal.name,
                points: goal.points,
              })}
            </MultiSelectOption>
          ))}
        </MultiSelect>
      </Field.Root>
      <Button onClick={save} loading={saving} fullWidth>
        {t('panel.save', 'Save personalization')}
      </Button>
      <PanelVariants
        model={model}
        documentId={documentId}
        locale={locale}
        canHaveVariants={tagging.canHaveVariants}
        ruleSet={tagging.rules}
        variantOf={tagging.variantOf}
      />
      {tagging.experiments.map((experiment) => (
        <ExperimentSummary key={experiment.documentId} experiment={experiment} />
      ))}
    </Flex>
  );
}

function PermittedContent(props: { model: string; documentId: string }) {
  const t = useTranslate();
  const { isLoading, allowedActions } = useRBAC(TAG_PERMISSIONS);
  if (isLoading) return null;
  if (!allowedActions.canTag) {
    return <Typography variant="pi">{t('panel.forbidden', 'You may not tag content.')}</Typography>;
  }
  return <PersonalizationContent {...props} />;
}

/**
 * Content Manager edit-view side panel, on entries of the app's own content types. The Content
 * Manager calls it inside a component of its own, so it may use hooks (before any early return).
 */
export const PersonalizationPanel = ({
  model,
  documentId,
}: {
  model: string;
  documentId?: string;
}) => {
  const t = useTranslate();
  if (!model.startsWith('api::') || !documentId) return null;
  return {
    title: t('panel.title', 'Personalization'),
    content: <PermittedContent model={model} documentId={documentId} />,
  };
};
