import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Combobox,
  ComboboxOption,
  EmptyStateLayout,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Duplicate, Plus } from '@strapi/icons';
import { Page, useNotification } from '@strapi/strapi/admin';
import { Link, useNavigate } from 'react-router-dom';
import type { Automation, AutomationStats, CampaignLink } from '../../../server/src/contracts';
import { useAutomationsApi } from '../api/automations';
import { useApiData } from '../api/useApiData';
import { useVocabulary } from '../api/useVocabulary';
import { Labeled, OptionalSelect } from '../components/automation/fields';
import { useStepWords } from '../components/automation/StepForm';
import { useTriggerWords } from '../components/automation/TriggerForm';
import { useApiAction } from '../utils/api';
import { useAutomationStateLabel } from '../utils/automationStates';
import { useDateTime } from '../utils/dates';
import { useTranslate } from '../utils/translate';
import { PluginPage } from '../components/PluginPage';

interface Row {
  automation: Automation;
  stats: AutomationStats;
}

function Counts({ row }: { row: Row }) {
  const t = useTranslate();
  const words = useStepWords();
  const waiting = Object.entries(row.stats.waitingPerStep);
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {waiting.length === 0 && <Typography textColor="neutral600">—</Typography>}
      {waiting.map(([stepId, count]) => {
        const step = row.automation.flow.steps.find((candidate) => candidate.id === stepId);
        return (
          <Typography key={stepId} variant="pi">
            {t('automations.list.waitingAt', '{count} at {step}', {
              count,
              step: step ? `${words.type(step.type)} (${stepId})` : stepId,
            })}
          </Typography>
        );
      })}
    </Flex>
  );
}

function AutomationTable({ rows, reload }: { rows: Row[]; reload: () => void }) {
  const t = useTranslate();
  const api = useAutomationsApi();
  const stateLabel = useAutomationStateLabel();
  const triggerWords = useTriggerWords();
  const run = useApiAction(reload);
  const columns = [
    t('automations.column.name', 'Automation'),
    t('automations.column.state', 'State'),
    t('automations.column.trigger', 'Trigger'),
    t('automations.column.enrolled', 'Enrolled'),
    t('automations.column.waiting', 'Waiting per step'),
    t('automations.column.completed', 'Completed'),
    t('automations.column.exited', 'Exited'),
    t('automations.column.emails', 'E-mails sent'),
    t('automations.column.value', 'Value after enrolment'),
    '',
  ];
  return (
    <Table colCount={columns.length} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {columns.map((label, index) => (
            <Th key={index}>
              <Typography variant="sigma">{label}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => {
          const { automation, stats } = row;
          const name = automation.name;
          return (
            <Tr key={automation.documentId} data-testid={`cxm-automation-${automation.documentId}`}>
              <Td>
                <Link to={automation.documentId}>{name}</Link>
              </Td>
              <Td>
                <Badge active={automation.state === 'active'}>{stateLabel(automation.state)}</Badge>
              </Td>
              <Td>
                <Typography>{triggerWords(automation.trigger.type)}</Typography>
              </Td>
              <Td>
                <Typography>{stats.enrolled}</Typography>
              </Td>
              <Td>
                <Counts row={row} />
              </Td>
              <Td>
                <Typography>{stats.completed}</Typography>
              </Td>
              <Td>
                <Typography>{stats.exited + stats.failed}</Typography>
              </Td>
              <Td>
                <Typography>{stats.emails.sent}</Typography>
              </Td>
              <Td>
                <Typography>{stats.valueAfterEnrolment}</Typography>
              </Td>
              <Td>
                <Flex gap={1}>
                  {(automation.state === 'draft' || automation.state === 'paused') && (
                    <Button
                      size="S"
                      onClick={() =>
                        run(
                          () => api.activate(automation.documentId),
                          t('automations.activated', '{name} is active', { name })
                        )
                      }
                    >
                      {t('automations.activate', 'Activate')}
                    </Button>
                  )}
                  {automation.state === 'active' && (
                    <Button
                      size="S"
                      variant="secondary"
                      onClick={() =>
                        run(
                          () => api.pause(automation.documentId),
                          t('automations.paused', '{name} is paused', { name })
                        )
                      }
                    >
                      {t('automations.pause', 'Pause')}
                    </Button>
                  )}
                  {automation.state !== 'archived' && automation.version > 0 && (
                    <Button
                      size="S"
                      variant="danger-light"
                      onClick={() =>
                        window.confirm(
                          t(
                            'automations.confirmArchive',
                            'Archive {name}? Its running enrolments exit and it cannot run again.',
                            { name }
                          )
                        ) &&
                        run(
                          () => api.archive(automation.documentId),
                          t('automations.archived', '{name} is archived', { name })
                        )
                      }
                    >
                      {t('automations.archive', 'Archive')}
                    </Button>
                  )}
                  {automation.version === 0 && (
                    <Button
                      size="S"
                      variant="danger-light"
                      onClick={() =>
                        window.confirm(
                          t('automations.confirmDelete', 'Delete the draft {name}?', { name })
                        ) &&
                        run(
                          () => api.remove(automation.documentId),
                          t('automations.deleted', '{name} deleted', { name })
                        )
                      }
                    >
                      {t('automations.delete', 'Delete')}
                    </Button>
                  )}
                </Flex>
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}

type Expiry = 'default' | '30' | '90' | '365' | 'never';

/** Campaign links: tracked links without a contact, for posters, posts and ads; created, copied, revoked. */
function CampaignLinks() {
  const t = useTranslate();
  const api = useAutomationsApi();
  const { vocabulary } = useVocabulary();
  const dateTime = useDateTime();
  const { toggleNotification } = useNotification();
  const { data: links, reload } = useApiData(api.campaignLinks);
  const run = useApiAction(reload);
  const [url, setUrl] = React.useState('');
  const [campaign, setCampaign] = React.useState<string | null>(null);
  const [label, setLabel] = React.useState('');
  const [expiry, setExpiry] = React.useState<Expiry>('default');
  // what the list shows as expired: as of when the page was opened
  const [now] = React.useState(() => Date.now());
  const status = (link: CampaignLink) =>
    link.revokedAt
      ? t('links.revoked', 'revoked')
      : link.expiresAt !== null && link.expiresAt <= now
        ? t('links.expired', 'expired')
        : t('links.working', 'working');
  const copy = async (link: CampaignLink) => {
    try {
      await navigator.clipboard.writeText(link.link);
      toggleNotification({ type: 'success', message: t('links.copied', 'Link copied') });
    } catch {
      toggleNotification({
        type: 'warning',
        message: t(
          'links.copyFailed',
          'The browser did not allow copying: select the link and copy it.'
        ),
      });
    }
  };
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {t('links.title', 'Campaign links')}
        </Typography>
        <Typography textColor="neutral600">
          {t(
            'links.subtitle',
            'A tracked link for a poster, a post or an ad: it counts clicks, credits the campaign and leads to the page. Revoke it when the campaign ends.'
          )}
        </Typography>
        <Flex
          gap={3}
          alignItems="flex-end"
          wrap="wrap"
          role="group"
          aria-label={t('links.new', 'New campaign link')}
        >
          <Box style={{ minWidth: 320, flex: 2 }}>
            <Labeled label={t('links.target', 'Target page')} required>
              <Combobox
                value={url}
                textValue={url}
                allowCustomValue
                autocomplete="none"
                placeholder="https://"
                onChange={(value?: string) => setUrl(value ?? '')}
                onInputChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setUrl(event.target.value)
                }
              >
                {(vocabulary?.pageUrls ?? []).map((page) => (
                  <ComboboxOption key={page} value={page}>
                    {page}
                  </ComboboxOption>
                ))}
              </Combobox>
            </Labeled>
          </Box>
          <Box style={{ minWidth: 200, flex: 1 }}>
            <OptionalSelect
              label={t('links.campaign', 'Campaign')}
              value={campaign}
              noneLabel={t('automations.none', 'None')}
              options={(vocabulary?.campaigns ?? []).map((entry) => ({
                value: entry.slug,
                label: entry.name,
              }))}
              onChange={setCampaign}
            />
          </Box>
          <Box style={{ minWidth: 180, flex: 1 }}>
            <Labeled label={t('links.label', 'Label')}>
              <TextInput
                value={label}
                placeholder={t('links.labelPlaceholder', 'e.g. poster at the dealer')}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setLabel(event.target.value)
                }
              />
            </Labeled>
          </Box>
          <Box style={{ minWidth: 160 }}>
            <Labeled label={t('links.expiry', 'Works for')}>
              <SingleSelect
                value={expiry}
                onChange={(value: string | number) => setExpiry(value as Expiry)}
              >
                <SingleSelectOption value="default">
                  {t('links.expiry.default', 'the configured time')}
                </SingleSelectOption>
                {(['30', '90', '365'] as const).map((days) => (
                  <SingleSelectOption key={days} value={days}>
                    {t('links.expiry.days', '{days} days', { days })}
                  </SingleSelectOption>
                ))}
                <SingleSelectOption value="never">
                  {t('links.expiry.never', 'ever')}
                </SingleSelectOption>
              </SingleSelect>
            </Labeled>
          </Box>
          <Button
            startIcon={<Plus />}
            disabled={!/^https?:\/\/\S+$/.test(url.trim())}
            onClick={() =>
              run(
                async () => {
                  await api.createCampaignLink({
                    url: url.trim(),
                    campaign,
                    label: label.trim() || null,
                    ...(expiry === 'default'
                      ? {}
                      : { expiresInDays: expiry === 'never' ? null : Number(expiry) }),
                  });
                  setUrl('');
                  setLabel('');
                },
                t('links.created', 'Campaign link created')
              )
            }
          >
            {t('links.create', 'Create link')}
          </Button>
        </Flex>
        {links && links.length === 0 && (
          <Typography textColor="neutral600">
            {t('links.empty', 'No campaign link yet.')}
          </Typography>
        )}
        {links && links.length > 0 && (
          <Table colCount={7} rowCount={links.length + 1}>
            <Thead>
              <Tr>
                {[
                  t('links.column.link', 'Link to hand out'),
                  t('links.column.target', 'Target'),
                  t('links.column.campaign', 'Campaign'),
                  t('links.column.clicks', 'Clicks'),
                  t('links.column.expires', 'Expires'),
                  t('links.column.status', 'Status'),
                  '',
                ].map((heading, index) => (
                  <Th key={index}>
                    <Typography variant="sigma">{heading}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {links.map((link) => (
                <Tr key={link.documentId} data-testid="cxm-campaign-link">
                  <Td>
                    <Flex gap={1}>
                      <Typography style={{ userSelect: 'all' }}>{link.link}</Typography>
                      <IconButton
                        label={t('links.copy', 'Copy the link')}
                        variant="ghost"
                        onClick={() => void copy(link)}
                      >
                        <Duplicate />
                      </IconButton>
                    </Flex>
                    {link.label && (
                      <Typography variant="pi" textColor="neutral600">
                        {link.label}
                      </Typography>
                    )}
                  </Td>
                  <Td>
                    <Typography>{link.url ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Typography>{link.campaign ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Typography>{link.clicks}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {link.expiresAt === null
                        ? t('links.never', 'never')
                        : dateTime(link.expiresAt)}
                    </Typography>
                  </Td>
                  <Td>
                    <Badge active={!link.revokedAt}>{status(link)}</Badge>
                  </Td>
                  <Td>
                    {!link.revokedAt && (
                      <Button
                        size="S"
                        variant="danger-light"
                        onClick={() =>
                          run(
                            () => api.revokeCampaignLink(link.documentId),
                            t('links.revokedNotice', 'The link no longer works')
                          )
                        }
                      >
                        {t('links.revoke', 'Revoke')}
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Flex>
    </Box>
  );
}

/** The automations with their live counts, state changes, and the campaign links. */
export function Automations() {
  const t = useTranslate();
  const api = useAutomationsApi();
  const navigate = useNavigate();
  const load = React.useCallback(
    async (): Promise<Row[]> =>
      Promise.all(
        (await api.list()).map(async (automation) => ({
          automation,
          stats: await api.stats(automation.documentId),
        }))
      ),
    [api]
  );
  const { data: rows, reload } = useApiData(load);
  const title = t('automations.title', 'Automations');
  return (
    <PluginPage
      title={title}
      subtitle={t(
        'automations.subtitle',
        'Flows that follow up on what visitors do: waits, conditions, e-mails, points, webhooks'
      )}
      primaryAction={
        <Button startIcon={<Plus />} onClick={() => navigate('new')}>
          {t('automations.create', 'New automation')}
        </Button>
      }
    >
      <Flex direction="column" alignItems="stretch" gap={6}>
        {!rows && <Page.Loading />}
        {rows?.length === 0 && (
          <EmptyStateLayout
            content={t(
              'automations.empty',
              'No automation yet. Create one to follow up on a goal, a persona or a campaign visit.'
            )}
          />
        )}
        {rows && rows.length > 0 && <AutomationTable rows={rows} reload={() => void reload()} />}
        <CampaignLinks />
      </Flex>
    </PluginPage>
  );
}
