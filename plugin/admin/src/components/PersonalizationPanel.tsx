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
  useFetchClient,
  useNotification,
  useQueryParams,
  useRBAC,
  type FetchError,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { permissionsOf } from '../permissions';
import { formatExperimentState } from '../utils/experimentStates';
import { PanelVariants, type PanelRuleSet, type VariantBase } from './PanelVariants';

interface KeyDef {
  slug: string;
  name: string;
  min: number;
  max: number;
}

interface Tagging {
  profiles: Array<{ slug: string; name: string; keys: KeyDef[] }>;
  goals: Array<{ slug: string; name: string; points: number }>;
  tag: { keyValues: Record<string, number>; goals: string[] } | null;
  canHaveVariants: boolean;
  rules: PanelRuleSet | null;
  variantOf: VariantBase[];
  experiments: Array<{ documentId: string; slug: string; name: string; state: string }>;
}

const TAG_PERMISSIONS = permissionsOf('tagContent');

/** An experiment on this entry: its state and, for those who may read analytics, its verdict so far. */
function ExperimentSummary({ experiment }: { experiment: Tagging['experiments'][number] }) {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const [verdict, setVerdict] = React.useState<string | null>(null);
  React.useEffect(() => {
    get<{ data: { verdict: { message: string } } }>(
      `/cxm/experiments/${experiment.documentId}/results`
    )
      .then(({ data }) => setVerdict(data.data.verdict.message))
      .catch(() => setVerdict(null)); // without the analytics permission the state is all there is to show
  }, [experiment.documentId]);
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Flex gap={2}>
        <Badge active={experiment.state === 'running'}>
          {formatExperimentState(formatMessage, experiment.state)}
        </Badge>
        <Link to={`/plugins/cxm/experiments/${experiment.documentId}`}>
          <Typography variant="pi">
            {formatMessage(
              { id: 'cxm.panel.experiment', defaultMessage: 'Experiment: {name}' },
              { name: experiment.name }
            )}
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
  const { formatMessage } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [tagging, setTagging] = React.useState<Tagging | null>(null);
  const [values, setValues] = React.useState<Record<string, number>>({});
  const [goals, setGoals] = React.useState<string[]>([]);
  const [saving, setSaving] = React.useState(false);
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  const locale = query.plugins?.i18n?.locale;

  React.useEffect(() => {
    let cancelled = false;
    setTagging(null); // another entry (e.g. a new variant): never show the previous entry's data meanwhile
    const localeQuery = locale ? `&locale=${encodeURIComponent(locale)}` : '';
    get<{ data: Tagging }>(
      `/cxm/tagging?uid=${encodeURIComponent(model)}&documentId=${encodeURIComponent(documentId)}${localeQuery}`
    ).then(({ data }) => {
      if (cancelled) return;
      setTagging(data.data);
      setValues(data.data.tag?.keyValues ?? {});
      setGoals(data.data.tag?.goals ?? []);
    });
    return () => {
      cancelled = true;
    };
  }, [model, documentId, locale]);

  if (!tagging)
    return (
      <Typography variant="pi">
        {formatMessage({ id: 'cxm.panel.loading', defaultMessage: 'Loading…' })}
      </Typography>
    );

  async function save() {
    setSaving(true);
    try {
      await put('/cxm/tagging', { uid: model, documentId, keyValues: values, goals });
      toggleNotification({
        type: 'success',
        message: formatMessage({ id: 'cxm.panel.saved', defaultMessage: 'Personalization saved' }),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: formatMessage(
          { id: 'cxm.panel.saveFailed', defaultMessage: 'Could not save: {message}' },
          { message: formatAPIError(error as FetchError) }
        ),
      });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      {tagging.profiles.length === 0 && (
        <Typography variant="pi">
          {formatMessage({
            id: 'cxm.panel.noProfiles',
            defaultMessage: 'Create a profile with keys under Experience → Profiles first.',
          })}
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
                aria-label={formatMessage(
                  { id: 'cxm.panel.keyLabel', defaultMessage: '{profile}: {key}' },
                  { profile: profile.name, key: key.name }
                )}
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
        <Field.Label>
          {formatMessage({
            id: 'cxm.panel.goals',
            defaultMessage: 'Goals reached by viewing this entry',
          })}
        </Field.Label>
        <MultiSelect
          value={goals}
          onChange={(next: string[]) => setGoals(next)}
          placeholder={formatMessage({ id: 'cxm.panel.goals.none', defaultMessage: 'No goal' })}
          withTags
        >
          {tagging.goals.map((goal) => (
            <MultiSelectOption key={goal.slug} value={goal.slug}>
              {formatMessage(
                { id: 'cxm.panel.goals.option', defaultMessage: '{goal} ({points})' },
                { goal: goal.name, points: goal.points }
              )}
            </MultiSelectOption>
          ))}
        </MultiSelect>
      </Field.Root>
      <Button onClick={save} loading={saving} fullWidth>
        {formatMessage({ id: 'cxm.panel.save', defaultMessage: 'Save personalization' })}
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
  const { formatMessage } = useIntl();
  const { isLoading, allowedActions } = useRBAC(TAG_PERMISSIONS);
  if (isLoading) return null;
  if (!allowedActions.canTag) {
    return (
      <Typography variant="pi">
        {formatMessage({ id: 'cxm.panel.forbidden', defaultMessage: 'You may not tag content.' })}
      </Typography>
    );
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
  const { formatMessage } = useIntl();
  if (!model.startsWith('api::') || !documentId) return null;
  return {
    title: formatMessage({ id: 'cxm.panel.title', defaultMessage: 'Personalization' }),
    content: <PermittedContent model={model} documentId={documentId} />,
  };
};
