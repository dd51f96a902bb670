import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  IconButton,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { Page } from '@strapi/strapi/admin';
import type { Campaign, Channel } from '../../../server/src/contracts';
import { useCampaignsApi } from '../api/campaigns';
import { useApiData } from '../api/useApiData';
import { useApiAction } from '../utils/api';
import { useTranslate } from '../utils/translate';
import { PluginPage } from '../components/PluginPage';

type Draft = Omit<Campaign, 'documentId' | 'slug'>;
const FIELDS = [
  'name',
  'channel',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'linkToken',
  'cost',
] as const;
const TEXT_FIELDS = [
  { field: 'utmSource', label: 'utm_source of {subject}', placeholder: 'utm_source' },
  { field: 'utmMedium', label: 'utm_medium of {subject}', placeholder: 'utm_medium' },
  { field: 'utmCampaign', label: 'utm_campaign of {subject}', placeholder: 'utm_campaign' },
  { field: 'linkToken', label: 'Link token of {subject}', placeholder: 'cxm_c' },
] as const;
const draftOf = (campaign: Campaign): Draft =>
  Object.fromEntries(FIELDS.map((field) => [field, campaign[field]])) as Draft;
/** The body of a save: a channel left unset is not sent (the API takes a channel or none). */
const requestOf = (draft: Draft) => ({ ...draft, channel: draft.channel ?? undefined });
/** A new campaign always has a channel: the select offers no "none". */
type NewDraft = Draft & { channel: Channel };
const EMPTY: NewDraft = {
  name: '',
  channel: 'email',
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  linkToken: null,
  cost: null,
};

/** The inputs of one campaign's fields; `subject` names the row in the labels ("Cost of search-ads"). */
function CampaignCells({
  draft,
  subject,
  slug,
  channels,
  onChange,
}: {
  draft: Draft;
  subject: string;
  slug: string;
  channels: readonly Channel[];
  onChange: (draft: Draft) => void;
}) {
  const t = useTranslate();
  const label = (field: string, defaultMessage: string) =>
    t(`campaigns.label.${field}`, defaultMessage, { subject });
  const textInput = (field: (typeof TEXT_FIELDS)[number]) => (
    <TextInput
      key={field.field}
      aria-label={label(field.field, field.label)}
      placeholder={field.placeholder}
      value={draft[field.field] ?? ''}
      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
        onChange({ ...draft, [field.field]: event.target.value })
      }
    />
  );
  return (
    <>
      <Box>
        <TextInput
          aria-label={label('name', 'Name of {subject}')}
          value={draft.name}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange({ ...draft, name: event.target.value })
          }
        />
        <Typography variant="pi" textColor="neutral600">
          {slug}
        </Typography>
      </Box>
      <Box>
        <SingleSelect
          aria-label={label('channel', 'Channel of {subject}')}
          value={draft.channel ?? ''}
          onChange={(value: string | number) => onChange({ ...draft, channel: value as Channel })}
        >
          {channels.map((channel) => (
            <SingleSelectOption key={channel} value={channel}>
              {t(`campaigns.channel.${channel}`, channel)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Box>
      {/* source, medium and campaign stacked: they identify the campaign together */}
      <Flex direction="column" alignItems="stretch" gap={1}>
        {TEXT_FIELDS.filter((field) => field.field !== 'linkToken').map(textInput)}
      </Flex>
      <Box>{textInput(TEXT_FIELDS[3])}</Box>
      <Box>
        <NumberInput
          aria-label={label('cost', 'Cost of {subject}')}
          value={draft.cost ?? undefined}
          onValueChange={(value: number | undefined) => onChange({ ...draft, cost: value ?? null })}
        />
      </Box>
    </>
  );
}

/** Name, channel, UTM values, link token, cost, actions: a grid rather than a design-system Table, whose keyboard navigation allows one input per cell. */
const COLUMNS =
  'minmax(170px, 1.4fr) minmax(140px, 1fr) minmax(150px, 1.2fr) minmax(100px, 0.8fr) minmax(100px, 0.8fr) 150px';

function Row({ label, children }: { label?: string; children: React.ReactNode }) {
  return (
    <Box
      role={label ? 'group' : undefined}
      aria-label={label}
      paddingTop={3}
      paddingBottom={3}
      borderColor="neutral150"
      style={{
        display: 'grid',
        gridTemplateColumns: COLUMNS,
        gap: '16px',
        alignItems: 'start',
        borderWidth: '0 0 1px 0',
        borderStyle: 'solid',
      }}
    >
      {children}
    </Box>
  );
}

function CampaignRow({
  campaign,
  channels,
  onSave,
  onDelete,
}: {
  campaign: Campaign;
  channels: readonly Channel[];
  onSave: (draft: Draft) => void;
  onDelete: () => void;
}) {
  const t = useTranslate();
  const [draft, setDraft] = React.useState<Draft>(() => draftOf(campaign));
  const changed = FIELDS.some((field) => (draft[field] ?? '') !== (campaign[field] ?? ''));
  return (
    <Row label={campaign.slug}>
      <CampaignCells
        draft={draft}
        subject={campaign.slug}
        slug={campaign.slug}
        channels={channels}
        onChange={setDraft}
      />
      <Flex gap={1}>
        <Button size="S" variant="secondary" disabled={!changed} onClick={() => onSave(draft)}>
          {t('campaigns.save', 'Save')}
        </Button>
        <IconButton
          label={t('campaigns.delete', 'Delete {subject}', { subject: campaign.slug })}
          variant="ghost"
          onClick={onDelete}
        >
          <Trash />
        </IconButton>
      </Flex>
    </Row>
  );
}

/** Campaigns: how visits are credited (UTM values or a link token), their channel and cost, edited in place. */
export function Campaigns() {
  const t = useTranslate();
  const api = useCampaignsApi();
  const { data: campaigns, reload } = useApiData(api.list);
  const [newCampaign, setNewCampaign] = React.useState<NewDraft>(EMPTY);

  const run = useApiAction(reload);

  const title = t('campaigns.title', 'Campaigns');
  const columns = [
    t('campaigns.column.name', 'Name'),
    t('campaigns.column.channel', 'Channel'),
    t('campaigns.column.utm', 'UTM source / medium / campaign'),
    t('campaigns.column.linkToken', 'Link token'),
    t('campaigns.column.cost', 'Cost'),
    '',
  ];
  return (
    <PluginPage
      title={title}
      subtitle={t(
        'campaigns.subtitle',
        'Visits are credited to a campaign by its utm_campaign (with source and medium when set) or its link token'
      )}
    >
      {!campaigns && <Page.Loading />}
      {campaigns && (
        <Box
          background="neutral0"
          hasRadius
          shadow="tableShadow"
          paddingLeft={6}
          paddingRight={6}
          paddingTop={2}
          paddingBottom={4}
        >
          <Row>
            {columns.map((label, index) => (
              <Typography key={index} variant="sigma" textColor="neutral600">
                {label}
              </Typography>
            ))}
          </Row>
          {campaigns.data.map((campaign) => (
            <CampaignRow
              key={JSON.stringify(campaign)}
              campaign={campaign}
              channels={campaigns.meta.channels}
              onSave={(draft) =>
                run(
                  () => api.update(campaign.documentId, requestOf(draft)),
                  t('campaigns.saved', '{name} saved', { name: draft.name })
                )
              }
              onDelete={() => {
                if (
                  window.confirm(
                    t('campaigns.confirmDelete', 'Delete the campaign {name}?', {
                      name: campaign.name,
                    })
                  )
                ) {
                  run(
                    () => api.remove(campaign.documentId),
                    t('campaigns.deleted', '{name} deleted', { name: campaign.name })
                  );
                }
              }}
            />
          ))}
          <Row label={t('campaigns.newSubject', 'the new campaign')}>
            <CampaignCells
              draft={newCampaign}
              subject={t('campaigns.newSubject', 'the new campaign')}
              slug={t('campaigns.newSlug', 'the slug is made from the name')}
              channels={campaigns.meta.channels}
              onChange={(draft) =>
                setNewCampaign({ ...draft, channel: draft.channel ?? newCampaign.channel })
              }
            />
            <Box>
              <Button
                size="S"
                disabled={!newCampaign.name.trim()}
                onClick={() =>
                  run(
                    async () => {
                      await api.create(newCampaign);
                      setNewCampaign(EMPTY);
                    },
                    t('campaigns.added', '{name} added', { name: newCampaign.name })
                  )
                }
              >
                {t('campaigns.add', 'Add campaign')}
              </Button>
            </Box>
          </Row>
        </Box>
      )}
    </PluginPage>
  );
}
