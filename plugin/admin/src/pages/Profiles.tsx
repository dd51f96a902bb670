import * as React from 'react';
import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Textarea,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ConfirmDialog, Page } from '@strapi/strapi/admin';
import type { Profile, ProfileKey } from '../../../server/src/contracts';
import { useProfilesApi } from '../api/profiles';
import { useApiData } from '../api/useApiData';
import { useApiAction } from '../utils/api';
import { useTranslate } from '../utils/translate';
import { PluginPage } from '../components/PluginPage';

type ProfileDraft = Pick<Profile, 'name' | 'description' | 'scoring' | 'halfLifeDays'>;
type KeyDraft = { name: string; min: number | undefined; max: number | undefined };

function KeyRow({ profileKey, onChanged }: { profileKey: ProfileKey; onChanged: () => void }) {
  const t = useTranslate();
  const api = useProfilesApi();
  const run = useApiAction(onChanged);
  const [draft, setDraft] = React.useState<KeyDraft>({
    name: profileKey.name,
    min: profileKey.min,
    max: profileKey.max,
  });
  const changed =
    draft.name !== profileKey.name || draft.min !== profileKey.min || draft.max !== profileKey.max;
  const values = { key: profileKey.slug };
  return (
    <Tr>
      <Td>
        <TextInput
          aria-label={t('profiles.key.name', 'Name of key {key}', values)}
          value={draft.name}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            setDraft({ ...draft, name: event.target.value })
          }
        />
      </Td>
      <Td>
        <Typography textColor="neutral600">{profileKey.slug}</Typography>
      </Td>
      <Td>
        <NumberInput
          aria-label={t('profiles.key.min', 'Minimum of {key}', values)}
          value={draft.min}
          onValueChange={(value: number | undefined) => setDraft({ ...draft, min: value })}
        />
      </Td>
      <Td>
        <NumberInput
          aria-label={t('profiles.key.max', 'Maximum of {key}', values)}
          value={draft.max}
          onValueChange={(value: number | undefined) => setDraft({ ...draft, max: value })}
        />
      </Td>
      <Td>
        <Flex gap={2}>
          <Button
            size="S"
            variant="secondary"
            disabled={!changed}
            onClick={() =>
              run(
                () => api.updateKey(profileKey.documentId, draft),
                t('profiles.key.saved', 'Key {name} saved', { name: draft.name })
              )
            }
          >
            {t('profiles.save', 'Save')}
          </Button>
          <Dialog.Root>
            <Dialog.Trigger>
              <Button
                size="S"
                variant="danger-light"
                aria-label={t('profiles.key.remove', 'Remove key {key}', values)}
              >
                {t('profiles.remove', 'Remove')}
              </Button>
            </Dialog.Trigger>
            <ConfirmDialog
              onConfirm={async () => {
                await run(
                  () => api.removeKey(profileKey.documentId),
                  t('profiles.key.removed', 'Key {name} removed', { name: profileKey.name })
                );
              }}
            >
              {t(
                'profiles.key.confirmRemove',
                'Remove the key {name}? The personas of this profile lose their value for it.',
                { name: profileKey.name }
              )}
            </ConfirmDialog>
          </Dialog.Root>
        </Flex>
      </Td>
    </Tr>
  );
}

const NEW_KEY: KeyDraft = { name: '', min: 0, max: 10 };

function NewKeyRow({ profile, onChanged }: { profile: Profile; onChanged: () => void }) {
  const t = useTranslate();
  const api = useProfilesApi();
  const run = useApiAction(onChanged);
  const [draft, setDraft] = React.useState<KeyDraft>(NEW_KEY);
  const values = { profile: profile.name };
  return (
    <Tr>
      <Td>
        <TextInput
          aria-label={t('profiles.newKey.name', 'Name of the new key of {profile}', values)}
          placeholder={t('profiles.newKey.placeholder', 'New key')}
          value={draft.name}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            setDraft({ ...draft, name: event.target.value })
          }
        />
      </Td>
      <Td />
      <Td>
        <NumberInput
          aria-label={t('profiles.newKey.min', 'Minimum of the new key of {profile}', values)}
          value={draft.min}
          onValueChange={(value: number | undefined) => setDraft({ ...draft, min: value })}
        />
      </Td>
      <Td>
        <NumberInput
          aria-label={t('profiles.newKey.max', 'Maximum of the new key of {profile}', values)}
          value={draft.max}
          onValueChange={(value: number | undefined) => setDraft({ ...draft, max: value })}
        />
      </Td>
      <Td>
        <Button
          size="S"
          disabled={!draft.name.trim()}
          onClick={() =>
            run(
              () => api.createKey(profile.documentId, draft),
              t('profiles.key.added', 'Key {name} added', { name: draft.name })
            ).then((ok) => ok && setDraft(NEW_KEY))
          }
        >
          {t('profiles.addKey', 'Add key')}
        </Button>
      </Td>
    </Tr>
  );
}

/** One profile: its settings, and its keys edited in place. */
function ProfileCard({ profile, onChanged }: { profile: Profile; onChanged: () => void }) {
  const t = useTranslate();
  const api = useProfilesApi();
  const run = useApiAction(onChanged);
  const [draft, setDraft] = React.useState<ProfileDraft>({
    name: profile.name,
    description: profile.description,
    scoring: profile.scoring,
    halfLifeDays: profile.halfLifeDays,
  });
  const changed =
    draft.name !== profile.name ||
    (draft.description ?? '') !== (profile.description ?? '') ||
    draft.scoring !== profile.scoring ||
    draft.halfLifeDays !== profile.halfLifeDays;
  const field = (id: string) => `cxm-profile-${profile.slug}-${id}`;

  return (
    <Box
      tag="section"
      aria-label={profile.name}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={6}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between">
          <Typography variant="delta" tag="h2">
            {profile.name}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'profiles.summary',
              '{slug} · {personas, plural, one {# persona} other {# personas}}',
              { slug: profile.slug, personas: profile.personas }
            )}
          </Typography>
        </Flex>
        <Grid.Root gap={4}>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name={field('name')} id={field('name')}>
              <Field.Label>{t('profiles.name', 'Name')}</Field.Label>
              <TextInput
                value={draft.name}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setDraft({ ...draft, name: event.target.value })
                }
              />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root name={field('scoring')} id={field('scoring')}>
              <Field.Label>{t('profiles.scoring', 'Scoring')}</Field.Label>
              <SingleSelect
                value={draft.scoring}
                onChange={(value: string | number) =>
                  setDraft({ ...draft, scoring: value === 'average' ? 'average' : 'sum' })
                }
              >
                <SingleSelectOption value="sum">
                  {t('profiles.scoring.sum', 'Sum of the values read')}
                </SingleSelectOption>
                <SingleSelectOption value="average">
                  {t('profiles.scoring.average', 'Average per page read')}
                </SingleSelectOption>
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={field('half-life')}
              id={field('half-life')}
              hint={t('profiles.halfLife.hint', '0 = interests never fade')}
            >
              <Field.Label>{t('profiles.halfLife', 'Half-life of interests (days)')}</Field.Label>
              <NumberInput
                value={draft.halfLifeDays}
                onValueChange={(value: number | undefined) =>
                  setDraft({ ...draft, halfLifeDays: value ?? 0 })
                }
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root name={field('description')} id={field('description')}>
              <Field.Label>{t('profiles.description', 'Description')}</Field.Label>
              <Textarea
                value={draft.description ?? ''}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  setDraft({ ...draft, description: event.target.value || null })
                }
              />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        <Flex gap={2}>
          <Button
            disabled={!changed}
            onClick={() =>
              run(
                () => api.update(profile.documentId, draft),
                t('profiles.saved', 'Profile {name} saved', { name: draft.name })
              )
            }
          >
            {t('profiles.saveProfile', 'Save profile')}
          </Button>
          <Dialog.Root>
            <Dialog.Trigger>
              <Button variant="danger-light">{t('profiles.delete', 'Delete profile')}</Button>
            </Dialog.Trigger>
            <ConfirmDialog
              onConfirm={async () => {
                await run(
                  () => api.remove(profile.documentId),
                  t('profiles.deleted', 'Profile {name} deleted', { name: profile.name })
                );
              }}
            >
              {t(
                'profiles.confirmDelete',
                'Delete the profile {name} with its {keys, plural, one {# key} other {# keys}} and {personas, plural, one {# persona} other {# personas}}?',
                { name: profile.name, keys: profile.keys.length, personas: profile.personas }
              )}
            </ConfirmDialog>
          </Dialog.Root>
        </Flex>
        <Table colCount={5} rowCount={profile.keys.length + 2}>
          <Thead>
            <Tr>
              {[
                t('profiles.keys.key', 'Key'),
                t('profiles.keys.slug', 'Slug'),
                t('profiles.keys.min', 'Min'),
                t('profiles.keys.max', 'Max'),
                '',
              ].map((label, index) => (
                <Th key={index}>
                  <Typography variant="sigma">{label || ' '}</Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {profile.keys.map((key) => (
              <KeyRow
                key={`${key.documentId}:${key.name}:${key.min}:${key.max}`}
                profileKey={key}
                onChanged={onChanged}
              />
            ))}
            <NewKeyRow profile={profile} onChanged={onChanged} />
          </Tbody>
        </Table>
      </Flex>
    </Box>
  );
}

function NewProfile({ onChanged }: { onChanged: () => void }) {
  const t = useTranslate();
  const api = useProfilesApi();
  const run = useApiAction(onChanged);
  const [name, setName] = React.useState('');
  const add = () =>
    run(() => api.create({ name }), t('profiles.added', 'Profile {name} added', { name })).then(
      (ok) => ok && setName('')
    );
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex gap={4} alignItems="flex-end">
        <Field.Root
          name="cxm-new-profile"
          id="cxm-new-profile"
          hint={t('profiles.new.hint', 'e.g. Vehicle interest, Budget, Life stage')}
        >
          <Field.Label>{t('profiles.new.name', 'Name of the new profile')}</Field.Label>
          <TextInput
            value={name}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => setName(event.target.value)}
          />
          <Field.Hint />
        </Field.Root>
        <Box paddingBottom={6}>
          <Button disabled={!name.trim()} onClick={add}>
            {t('profiles.add', 'Add profile')}
          </Button>
        </Box>
      </Flex>
    </Box>
  );
}

/** Profiles (dimensions of interest) with their scoring settings and keys. */
export function Profiles() {
  const t = useTranslate();
  const api = useProfilesApi();
  const { data: profiles, reload } = useApiData(api.list);
  const title = t('profiles.title', 'Profiles & keys');

  return (
    <PluginPage
      title={title}
      subtitle={t(
        'profiles.subtitle',
        'The interests visitors are scored on: each page read adds its key values to the visitor’s profile'
      )}
    >
      {!profiles && <Page.Loading />}
      {profiles && (
        <Flex direction="column" alignItems="stretch" gap={6}>
          {profiles.map((profile) => (
            <ProfileCard
              key={`${profile.documentId}:${profile.name}:${profile.scoring}:${profile.halfLifeDays}:${profile.description}`}
              profile={profile}
              onChanged={reload}
            />
          ))}
          <NewProfile onChanged={reload} />
        </Flex>
      )}
    </PluginPage>
  );
}
