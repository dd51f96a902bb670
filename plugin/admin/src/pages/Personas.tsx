import * as React from 'react';
import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { ConfirmDialog, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  PolarAngleAxis,
  PolarGrid,
  PolarRadiusAxis,
  Radar,
  RadarChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { similarPersonas, type Persona, type ProfileKey } from '../../../server/src/contracts';
import { usePersonasApi } from '../api/personas';
import { useProfilesApi } from '../api/profiles';
import { useApiData } from '../api/useApiData';
import { useApiAction } from '../utils/api';
import { personaColor } from '../utils/colors';
import { useTranslate } from '../utils/translate';
import { PersonaDot } from '../components/PersonaDot';
import { PluginPage } from '../components/PluginPage';

/** The persona being edited; `documentId` null while it is a new one. */
interface Draft {
  documentId: string | null;
  /** null while it is a new one: the server makes it from the name */
  slug: string | null;
  name: string;
  description: string;
  keyValues: Record<string, number>;
}

/** A persona not saved yet has no slug, hence no colour of its own: neutral800, outside the persona palette. */
const NEW_PERSONA_COLOR = '#32324d';
/** Fine steps for narrow ranges, whole numbers otherwise. */
const stepOf = (key: ProfileKey) => (key.max - key.min >= 10 ? 1 : 0.1);

function KeySlider({
  profileKey,
  value,
  error,
  color,
  onChange,
}: {
  profileKey: ProfileKey;
  value: number;
  error?: string;
  color: string;
  onChange: (value: number) => void;
}) {
  const id = `cxm-persona-key-${profileKey.slug}`;
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Flex justifyContent="space-between">
        <label htmlFor={id}>
          <Typography variant="omega" fontWeight="semiBold">
            {profileKey.name}
          </Typography>
        </label>
        <output htmlFor={id} data-testid={`cxm-persona-value-${profileKey.slug}`}>
          <Typography variant="omega" fontWeight="bold" textColor="primary600">
            {value}
          </Typography>
        </output>
      </Flex>
      <input
        id={id}
        type="range"
        min={profileKey.min}
        max={profileKey.max}
        step={stepOf(profileKey)}
        value={value}
        aria-invalid={!!error}
        onChange={(event) => onChange(Number(event.target.value))}
        style={{ width: '100%', accentColor: color, cursor: 'pointer' }}
      />
      <Flex justifyContent="space-between">
        <Typography variant="pi" textColor="neutral500">
          {profileKey.min}
        </Typography>
        <Typography variant="pi" textColor="neutral500">
          {profileKey.max}
        </Typography>
      </Flex>
      {error && (
        <Typography variant="pi" textColor="danger600" role="alert">
          {error}
        </Typography>
      )}
    </Flex>
  );
}

/** The edited persona against the other personas of the profile: a radar from three keys on, bars below. */
function PersonaChart({
  keys,
  draft,
  others,
}: {
  keys: ProfileKey[];
  draft: Draft;
  others: Persona[];
}) {
  const t = useTranslate();
  const editedName = draft.name.trim() || t('personas.new', 'New persona');
  const data = keys.map((key) => ({
    key: key.name,
    edited: draft.keyValues[key.slug] ?? key.min,
    ...Object.fromEntries(
      others.map((persona) => [persona.documentId, persona.keyValues[key.slug] ?? key.min])
    ),
  }));
  const domain: [number, number] = [
    Math.min(...keys.map((key) => key.min)),
    Math.max(...keys.map((key) => key.max)),
  ];
  const editedColor = draft.slug ? personaColor(draft.slug) : NEW_PERSONA_COLOR;
  const legend = (text: string) => <span style={{ color: '#32324d' }}>{text}</span>;
  return (
    <div style={{ width: '100%', height: 380 }} data-testid="cxm-persona-chart">
      <ResponsiveContainer>
        {keys.length >= 3 ? (
          <RadarChart data={data} outerRadius="72%">
            <PolarGrid />
            <PolarAngleAxis dataKey="key" />
            {/* the scale between the first two spokes, clear of the key labels */}
            <PolarRadiusAxis domain={domain} angle={90 - 180 / keys.length} />
            {others.map((persona) => (
              <Radar
                key={persona.documentId}
                dataKey={persona.documentId}
                name={persona.name}
                stroke={personaColor(persona.slug)}
                fill={personaColor(persona.slug)}
                fillOpacity={0.06}
                isAnimationActive={false}
              />
            ))}
            <Radar
              dataKey="edited"
              name={editedName}
              stroke={editedColor}
              fill={editedColor}
              fillOpacity={0.35}
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Legend formatter={legend} />
            <Tooltip />
          </RadarChart>
        ) : (
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="key" />
            <YAxis
              domain={domain}
              label={{
                value: t('personas.axis', 'Value of the key'),
                angle: -90,
                position: 'insideLeft',
              }}
            />
            <Bar dataKey="edited" name={editedName} fill={editedColor} isAnimationActive={false} />
            {others.map((persona) => (
              <Bar
                key={persona.documentId}
                dataKey={persona.documentId}
                name={persona.name}
                fill={personaColor(persona.slug)}
                fillOpacity={0.5}
                isAnimationActive={false}
              />
            ))}
            <Legend formatter={legend} />
            <Tooltip />
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

function PersonaCard({
  persona,
  keys,
  selected,
  onEdit,
}: {
  persona: Persona;
  keys: ProfileKey[];
  selected: boolean;
  onEdit: () => void;
}) {
  const t = useTranslate();
  return (
    <Box
      tag="li"
      aria-label={persona.name}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={4}
      borderColor={selected ? 'primary600' : 'neutral150'}
      borderStyle="solid"
      borderWidth="1px"
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between">
          <Flex gap={2}>
            <PersonaDot persona={persona.slug} />
            <Typography variant="delta" tag="h3">
              {persona.name}
            </Typography>
          </Flex>
          <Button
            size="S"
            variant="tertiary"
            onClick={onEdit}
            aria-label={t('personas.edit', 'Edit {name}', { name: persona.name })}
          >
            {t('personas.editShort', 'Edit')}
          </Button>
        </Flex>
        {persona.description && (
          <Typography variant="pi" textColor="neutral600">
            {persona.description}
          </Typography>
        )}
        <Typography variant="pi" textColor="neutral800">
          {keys.map((key) => `${key.name} ${persona.keyValues[key.slug] ?? key.min}`).join(' · ')}
        </Typography>
      </Flex>
    </Box>
  );
}

/** A warning while the edited persona sits close to another: visitors between them would flip back and forth. */
function SimilarWarning({
  draft,
  keys,
  others,
}: {
  draft: Draft;
  keys: ProfileKey[];
  others: Persona[];
}) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const close = similarPersonas(
    draft.keyValues,
    { keys },
    others.map((persona) => ({ slug: persona.slug, values: persona.keyValues }))
  );
  if (close.length === 0) return null;
  const nameOf = (slug: string) => others.find((persona) => persona.slug === slug)?.name ?? slug;
  return (
    <Box
      padding={3}
      hasRadius
      background="warning100"
      borderColor="warning200"
      borderStyle="solid"
      borderWidth="1px"
      role="status"
      data-testid="cxm-persona-similar"
    >
      <Typography textColor="warning700">
        {t(
          'personas.similar',
          'Very close to {names} (distance {distance}): visitors between them would switch back and forth. Move a slider to set this persona apart.',
          {
            names: close.map((entry) => nameOf(entry.persona)).join(', '),
            distance: formatNumber(close[0].distance, { maximumFractionDigits: 2 }),
          }
        )}
      </Typography>
    </Box>
  );
}

const draftOf = (persona: Persona): Draft => ({
  documentId: persona.documentId,
  slug: persona.slug,
  name: persona.name,
  description: persona.description ?? '',
  keyValues: { ...persona.keyValues },
});
const newDraft = (keys: ProfileKey[]): Draft => ({
  documentId: null,
  slug: null,
  name: '',
  description: '',
  keyValues: Object.fromEntries(keys.map((key) => [key.slug, key.min])),
});

/** Personas (pattern cards) of a profile: listed as cards, edited with one slider per key against the others. */
export function Personas() {
  const t = useTranslate();
  const profilesApi = useProfilesApi();
  const personasApi = usePersonasApi();
  const run = useApiAction();
  const { data: profiles } = useApiData(profilesApi.list);
  const [chosenProfileId, setProfileId] = React.useState('');
  // the first profile until another is chosen
  const profileId = chosenProfileId || profiles?.[0]?.documentId || '';
  const loadPersonas = React.useCallback(
    async () => (profileId ? personasApi.list({ profile: profileId }) : []),
    [personasApi, profileId]
  );
  // another profile's personas and draft never show meanwhile
  const { data: personas, reload: reloadPersonas } = useApiData(loadPersonas, {
    hidePrevious: true,
  });
  const [edited, setEdited] = React.useState<{ profileId: string; draft: Draft | null }>({
    profileId,
    draft: null,
  });
  const draft = edited.profileId === profileId ? edited.draft : null;
  const setDraft = (next: Draft | null) => setEdited({ profileId, draft: next });
  const [fieldErrors, setFieldErrors] = React.useState<Record<string, string>>({});

  const profile = profiles?.find((candidate) => candidate.documentId === profileId);
  const keys = profile?.keys ?? [];
  const edit = (next: Draft | null) => {
    setDraft(next);
    setFieldErrors({});
  };

  async function save(current: Draft) {
    const body = {
      name: current.name,
      description: current.description || null,
      keyValues: current.keyValues,
    };
    let saved: Persona | undefined;
    const ok = await run(
      async () => {
        saved = current.documentId
          ? await personasApi.update(current.documentId, body)
          : await personasApi.create({ ...body, profile: profileId });
      },
      t('personas.saved', 'Persona {name} saved', { name: current.name }),
      (problem) => setFieldErrors(problem.fields)
    );
    if (!ok || !saved) return;
    await reloadPersonas();
    edit(draftOf(saved));
  }

  async function remove(current: Draft & { documentId: string }) {
    const ok = await run(
      () => personasApi.remove(current.documentId),
      t('personas.deleted', 'Persona {name} deleted', { name: current.name })
    );
    if (!ok) return;
    await reloadPersonas();
    edit(null);
  }

  const title = t('personas.title', 'Personas');
  const others = (personas ?? []).filter((persona) => persona.documentId !== draft?.documentId);

  return (
    <PluginPage
      title={title}
      subtitle={t(
        'personas.subtitle',
        'Typical visitors as pattern cards: a visitor matches the persona nearest to what they read'
      )}
      primaryAction={
        <Button disabled={!profile || keys.length === 0} onClick={() => edit(newDraft(keys))}>
          {t('personas.new', 'New persona')}
        </Button>
      }
    >
      {!profiles && <Page.Loading />}
      {profiles && profiles.length === 0 && (
        <Typography>
          {t(
            'personas.noProfiles',
            'There is no profile yet: create one with its keys under Profiles & keys first.'
          )}
        </Typography>
      )}
      {profile && (
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box maxWidth="400px">
            <Field.Root name="cxm-persona-profile" id="cxm-persona-profile">
              <Field.Label>{t('personas.profile', 'Profile')}</Field.Label>
              <SingleSelect
                value={profileId}
                onChange={(value: string | number) => setProfileId(String(value))}
              >
                {profiles!.map((candidate) => (
                  <SingleSelectOption key={candidate.documentId} value={candidate.documentId}>
                    {candidate.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Box>
          {keys.length === 0 && (
            <Typography>
              {t(
                'personas.noKeys',
                'This profile has no keys yet: add them under Profiles & keys first.'
              )}
            </Typography>
          )}
          <Grid.Root gap={6}>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              {!personas && <Page.Loading />}
              {personas && personas.length === 0 && (
                <Typography textColor="neutral600">
                  {t(
                    'personas.none',
                    'No persona for this profile yet: create the first with New persona above.'
                  )}
                </Typography>
              )}
              {personas && personas.length > 0 && (
                <Flex
                  tag="ul"
                  direction="column"
                  alignItems="stretch"
                  gap={3}
                  aria-label={t('personas.list', 'Personas of {profile}', {
                    profile: profile.name,
                  })}
                >
                  {personas.map((persona) => (
                    <PersonaCard
                      key={persona.documentId}
                      persona={persona}
                      keys={keys}
                      selected={persona.documentId === draft?.documentId}
                      onEdit={() => edit(draftOf(persona))}
                    />
                  ))}
                </Flex>
              )}
            </Grid.Item>
            <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
              {!draft && keys.length > 0 && (
                <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
                  <Typography textColor="neutral600">
                    {t('personas.pick', 'Pick a persona to edit it, or create a new one.')}
                  </Typography>
                </Box>
              )}
              {draft && (
                <Box
                  tag="section"
                  aria-label={t('personas.editor', 'Persona editor')}
                  background="neutral0"
                  hasRadius
                  shadow="tableShadow"
                  padding={6}
                >
                  <Grid.Root gap={6}>
                    <Grid.Item col={5} s={12} direction="column" alignItems="stretch" gap={4}>
                      <Field.Root
                        name="cxm-persona-name"
                        id="cxm-persona-name"
                        error={fieldErrors.name}
                        required
                      >
                        <Field.Label>{t('personas.name', 'Name')}</Field.Label>
                        <TextInput
                          value={draft.name}
                          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                            setDraft({ ...draft, name: event.target.value })
                          }
                        />
                        <Field.Error />
                      </Field.Root>
                      <Field.Root
                        name="cxm-persona-description"
                        id="cxm-persona-description"
                        error={fieldErrors.description}
                      >
                        <Field.Label>{t('personas.description', 'Description')}</Field.Label>
                        <Textarea
                          value={draft.description}
                          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                            setDraft({ ...draft, description: event.target.value })
                          }
                        />
                        <Field.Error />
                      </Field.Root>
                      {keys.map((key) => (
                        <KeySlider
                          key={key.slug}
                          profileKey={key}
                          color={draft.slug ? personaColor(draft.slug) : NEW_PERSONA_COLOR}
                          value={draft.keyValues[key.slug] ?? key.min}
                          error={fieldErrors[`keyValues.${key.slug}`]}
                          onChange={(value) =>
                            setDraft({
                              ...draft,
                              keyValues: { ...draft.keyValues, [key.slug]: value },
                            })
                          }
                        />
                      ))}
                      <SimilarWarning draft={draft} keys={keys} others={others} />
                    </Grid.Item>
                    <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
                      <Typography variant="sigma" textColor="neutral600">
                        {t('personas.preview', 'Preview against the other personas')}
                      </Typography>
                      <PersonaChart keys={keys} draft={draft} others={others} />
                    </Grid.Item>
                    <Grid.Item col={12} direction="column" alignItems="flex-start">
                      <Flex gap={2}>
                        <Button onClick={() => save(draft)} disabled={!draft.name.trim()}>
                          {t('personas.save', 'Save persona')}
                        </Button>
                        {draft.documentId && (
                          <Dialog.Root>
                            <Dialog.Trigger>
                              <Button variant="danger-light">
                                {t('personas.delete', 'Delete persona')}
                              </Button>
                            </Dialog.Trigger>
                            <ConfirmDialog
                              onConfirm={() => remove({ ...draft, documentId: draft.documentId! })}
                            >
                              {t('personas.confirmDelete', 'Delete the persona {name}?', {
                                name: draft.name,
                              })}
                            </ConfirmDialog>
                          </Dialog.Root>
                        )}
                        <Button variant="tertiary" onClick={() => edit(null)}>
                          {t('personas.cancel', 'Cancel')}
                        </Button>
                      </Flex>
                    </Grid.Item>
                  </Grid.Root>
                </Box>
              )}
            </Grid.Item>
          </Grid.Root>
        </Flex>
      )}
    </PluginPage>
  );
}
