import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type {
  ContactProfile,
  NamedPersonaMatches,
  TimelineItem,
} from '../../../server/src/contracts';
import { useContactsApi } from '../api/contacts';
import { useApiData } from '../api/useApiData';
import { useCxmPermissions } from '../permissions';

const PAGE_SIZE = 20;
const round = (value: number) => Math.round(value * 100) / 100;
const personaNames = (personas: NamedPersonaMatches | null) =>
  Object.values(personas ?? {})
    .flatMap((match) => (match ? [match.name] : []))
    .join(', ');

function useDateTime() {
  const { formatDate } = useIntl();
  return (value: string | null) =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

function IdentityBadge({ identified }: { identified: boolean }) {
  const { formatMessage } = useIntl();
  return identified ? (
    <Badge active>
      {formatMessage({ id: 'cxm.contacts.identified', defaultMessage: 'identified' })}
    </Badge>
  ) : (
    <Badge>{formatMessage({ id: 'cxm.contacts.anonymous', defaultMessage: 'anonymous' })}</Badge>
  );
}

/** Contacts searched by e-mail, external id or visitor id, newest activity first. */
export function ContactList() {
  const { formatMessage } = useIntl();
  const dateTime = useDateTime();
  const api = useContactsApi();
  const [search, setSearch] = React.useState('');
  const [query, setQuery] = React.useState({ q: '', page: 1 });
  const loadContacts = React.useCallback(async () => {
    const { data, meta } = await api.list({
      page: query.page,
      pageSize: PAGE_SIZE,
      q: query.q || undefined,
    });
    return { data, pagination: meta.pagination };
  }, [api, query]);
  const { data: result } = useApiData(loadContacts);

  const title = formatMessage({ id: 'cxm.contacts.title', defaultMessage: 'Contacts' });
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={formatMessage({
          id: 'cxm.contacts.subtitle',
          defaultMessage: 'Visitors, anonymous or identified, with their profile and history',
        })}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              setQuery({ q: search.trim(), page: 1 });
            }}
          >
            <Flex gap={2} alignItems="flex-end">
              <Box flex="1">
                <Field.Root name="q">
                  <Field.Label>
                    {formatMessage({
                      id: 'cxm.contacts.search',
                      defaultMessage: 'Search by e-mail, external id or visitor id',
                    })}
                  </Field.Label>
                  <TextInput
                    value={search}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      setSearch(event.target.value)
                    }
                  />
                </Field.Root>
              </Box>
              <Button type="submit">
                {formatMessage({ id: 'cxm.contacts.searchButton', defaultMessage: 'Search' })}
              </Button>
            </Flex>
          </form>
          {!result && <Page.Loading />}
          {result && (
            <Box background="neutral0" hasRadius shadow="tableShadow">
              <Table colCount={6} rowCount={result.data.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">
                        {formatMessage({ id: 'cxm.contacts.contact', defaultMessage: 'Contact' })}
                      </Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {formatMessage({ id: 'cxm.contacts.identity', defaultMessage: 'Identity' })}
                      </Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {formatMessage({ id: 'cxm.contacts.persona', defaultMessage: 'Persona' })}
                      </Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {formatMessage({
                          id: 'cxm.contacts.engagementValue',
                          defaultMessage: 'Engagement value',
                        })}
                      </Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {formatMessage({ id: 'cxm.contacts.visits', defaultMessage: 'Visits' })}
                      </Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {formatMessage({
                          id: 'cxm.contacts.lastSeen',
                          defaultMessage: 'Last seen',
                        })}
                      </Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {result.data.length === 0 && (
                    <Tr>
                      <Td colSpan={6}>
                        <Typography>
                          {formatMessage({
                            id: 'cxm.contacts.none',
                            defaultMessage: 'No contact found',
                          })}
                        </Typography>
                      </Td>
                    </Tr>
                  )}
                  {result.data.map((contact) => (
                    <Tr key={contact.visitorId}>
                      <Td>
                        <Link to={contact.visitorId}>
                          {contact.email ?? contact.externalId ?? contact.visitorId}
                        </Link>
                      </Td>
                      <Td>
                        <IdentityBadge identified={contact.identified} />
                      </Td>
                      <Td>
                        <Typography>{personaNames(contact.personas) || '—'}</Typography>
                      </Td>
                      <Td>
                        <Typography>{contact.engagementValue}</Typography>
                      </Td>
                      <Td>
                        <Typography>{contact.visitCount}</Typography>
                      </Td>
                      <Td>
                        <Typography>{dateTime(contact.lastSeenAt)}</Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Box>
          )}
          {result && result.pagination.pageCount > 1 && (
            <Flex gap={2} justifyContent="flex-end">
              <Button
                variant="tertiary"
                disabled={query.page <= 1}
                onClick={() => setQuery({ ...query, page: query.page - 1 })}
              >
                {formatMessage({ id: 'cxm.contacts.previous', defaultMessage: 'Previous page' })}
              </Button>
              <Typography>
                {formatMessage(
                  {
                    id: 'cxm.contacts.pageOf',
                    defaultMessage: 'Page {page} of {pageCount} ({total} contacts)',
                  },
                  {
                    page: query.page,
                    pageCount: result.pagination.pageCount,
                    total: result.pagination.total,
                  }
                )}
              </Typography>
              <Button
                variant="tertiary"
                disabled={query.page >= result.pagination.pageCount}
                onClick={() => setQuery({ ...query, page: query.page + 1 })}
              >
                {formatMessage({ id: 'cxm.contacts.next', defaultMessage: 'Next page' })}
              </Button>
            </Flex>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {children}
      </Flex>
    </Box>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography>{value}</Typography>
    </Flex>
  );
}

function ProfileScores({ profile }: { profile: ContactProfile }) {
  const { formatMessage } = useIntl();
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      data-testid={`cxm-profile-${profile.slug}`}
    >
      <Typography fontWeight="bold">
        {formatMessage(
          {
            id: 'cxm.contact.profileHeading',
            defaultMessage: '{name}: {views} scored views, half-life {halfLife} days',
          },
          { name: profile.name, views: profile.views, halfLife: profile.halfLifeDays }
        )}
      </Typography>
      <Typography>
        {profile.persona
          ? formatMessage(
              {
                id: 'cxm.contact.personaMatch',
                defaultMessage: 'Persona: {name} (distance {distance})',
              },
              { name: profile.persona.name, distance: round(profile.persona.distance) }
            )
          : formatMessage({
              id: 'cxm.contact.noPersona',
              defaultMessage: 'No persona matched yet',
            })}
      </Typography>
      <Table colCount={3} rowCount={profile.keys.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">
                {formatMessage({ id: 'cxm.contact.key', defaultMessage: 'Profile key' })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {formatMessage({
                  id: 'cxm.contact.score',
                  defaultMessage: 'Score (decayed as of now)',
                })}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {formatMessage({ id: 'cxm.contact.average', defaultMessage: 'Average per view' })}
              </Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {profile.keys.map((key) => (
            <Tr key={key.slug}>
              <Td>
                <Typography>{key.name}</Typography>
              </Td>
              <Td>
                <Typography>{round(key.total)}</Typography>
              </Td>
              <Td>
                <Typography>{round(key.average)}</Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Flex>
  );
}

function useDescribeEvent() {
  const { formatMessage } = useIntl();
  return (item: TimelineItem): string => {
    const data = item.data ?? {};
    switch (item.type) {
      case 'visit':
        return formatMessage(
          {
            id: 'cxm.timeline.visit',
            defaultMessage: 'Visit via {channel}{campaign, select, none {} other { ({campaign})}}',
          },
          {
            channel: String(data.channel ?? '—'),
            campaign: data.campaign ? String(data.campaign) : 'none',
          }
        );
      case 'view':
        return formatMessage(
          { id: 'cxm.timeline.view', defaultMessage: 'Viewed {title}' },
          { title: item.contentTitle ?? item.contentDocumentId ?? '—' }
        );
      case 'goal':
        return formatMessage(
          { id: 'cxm.timeline.goal', defaultMessage: 'Reached {goal} (+{points})' },
          { goal: item.goalName ?? '—', points: item.points ?? 0 }
        );
      case 'persona':
        return item.personaName
          ? formatMessage(
              { id: 'cxm.timeline.persona', defaultMessage: 'Now matches the persona {persona}' },
              { persona: item.personaName }
            )
          : formatMessage({
              id: 'cxm.timeline.personaLost',
              defaultMessage: 'No longer matches a persona',
            });
      case 'exposure':
        return formatMessage(
          {
            id: 'cxm.timeline.exposure',
            defaultMessage: 'Saw variant {variant} of experiment {experiment}',
          },
          { variant: item.variant ?? '—', experiment: item.experiment ?? '—' }
        );
      case 'identify':
        return formatMessage({ id: 'cxm.timeline.identify', defaultMessage: 'Identified' });
      case 'consent':
        return formatMessage(
          { id: 'cxm.timeline.consent', defaultMessage: 'Consent: {consent}' },
          { consent: String(data.consent ?? '—') }
        );
      case 'click':
        return formatMessage({
          id: 'cxm.timeline.click',
          defaultMessage: 'Clicked a tracked link',
        });
      default:
        return item.type;
    }
  };
}

function EraseContact({ visitorId }: { visitorId: string }) {
  const { formatMessage } = useIntl();
  const api = useContactsApi();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  async function erase() {
    try {
      await api.erase(visitorId);
      toggleNotification({
        type: 'success',
        message: formatMessage({
          id: 'cxm.contact.erased',
          defaultMessage: 'The contact was erased',
        }),
      });
      navigate('..');
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as Error).message });
    }
  }
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <Button variant="danger-light">
          {formatMessage({ id: 'cxm.contact.erase', defaultMessage: 'Erase this contact' })}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>
          {formatMessage({ id: 'cxm.contact.eraseTitle', defaultMessage: 'Erase this contact?' })}
        </Dialog.Header>
        <Dialog.Body>
          <Typography>
            {formatMessage({
              id: 'cxm.contact.eraseWarning',
              defaultMessage:
                'The contact, its visits and its interactions are deleted for good. Aggregated statistics keep their counts.',
            })}
          </Typography>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">
              {formatMessage({ id: 'cxm.contact.cancel', defaultMessage: 'Cancel' })}
            </Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button variant="danger" onClick={erase}>
              {formatMessage({ id: 'cxm.contact.confirmErase', defaultMessage: 'Erase' })}
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

/** One contact: identity, profile scores as of now, persona, visits and timeline; erasure for admins who may manage contacts. */
export function ContactDetail() {
  const { visitorId } = useParams<{ visitorId: string }>();
  const { formatMessage } = useIntl();
  const dateTime = useDateTime();
  const describeEvent = useDescribeEvent();
  const api = useContactsApi();
  const allowed = useCxmPermissions();
  const loadContact = React.useCallback(() => api.get(visitorId!), [api, visitorId]);
  const { data: detail } = useApiData(loadContact);

  if (!detail) return <Page.Loading />;
  const { contact, profiles, visits, timeline } = detail;
  const title =
    contact.email ??
    contact.externalId ??
    formatMessage({ id: 'cxm.contact.anonymousTitle', defaultMessage: 'Anonymous visitor' });
  const none = '—';
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={contact.visitorId}
        navigationAction={
          <Link to="..">
            {formatMessage({ id: 'cxm.contacts.title', defaultMessage: 'Contacts' })}
          </Link>
        }
        primaryAction={
          allowed.manageContacts ? <EraseContact visitorId={contact.visitorId} /> : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Section
            title={formatMessage({ id: 'cxm.contact.identitySection', defaultMessage: 'Identity' })}
          >
            <Grid.Root gap={4}>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={formatMessage({ id: 'cxm.contacts.identity', defaultMessage: 'Identity' })}
                  value={<IdentityBadge identified={contact.identified} />}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={formatMessage({ id: 'cxm.contact.email', defaultMessage: 'E-mail' })}
                  value={contact.email ?? none}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={formatMessage({
                    id: 'cxm.contact.externalId',
                    defaultMessage: 'External id',
                  })}
                  value={contact.externalId ?? none}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={formatMessage({ id: 'cxm.contact.consent', defaultMessage: 'Consent' })}
                  value={contact.consent ?? none}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={formatMessage({
                    id: 'cxm.contacts.engagementValue',
                    defaultMessage: 'Engagement value',
                  })}
                  value={contact.engagementValue}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={formatMessage({ id: 'cxm.contacts.visits', defaultMessage: 'Visits' })}
                  value={contact.visitCount}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={formatMessage({
                    id: 'cxm.contact.firstSeen',
                    defaultMessage: 'First seen',
                  })}
                  value={dateTime(contact.firstSeenAt)}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6}>
                <Fact
                  label={formatMessage({
                    id: 'cxm.contacts.lastSeen',
                    defaultMessage: 'Last seen',
                  })}
                  value={dateTime(contact.lastSeenAt)}
                />
              </Grid.Item>
            </Grid.Root>
          </Section>
          <Section
            title={formatMessage({
              id: 'cxm.contact.profilesSection',
              defaultMessage: 'Profile scores',
            })}
          >
            {profiles.map((profile) => (
              <ProfileScores key={profile.slug} profile={profile} />
            ))}
          </Section>
          <Section title={formatMessage({ id: 'cxm.contacts.visits', defaultMessage: 'Visits' })}>
            <Table colCount={7} rowCount={visits.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.started', defaultMessage: 'Started' })}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.channel', defaultMessage: 'Channel' })}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.campaign', defaultMessage: 'Campaign' })}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.place', defaultMessage: 'Country / city' })}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.device', defaultMessage: 'Device' })}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.pages', defaultMessage: 'Pages' })}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.value', defaultMessage: 'Value' })}
                    </Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {visits.map((visit) => (
                  <Tr key={visit.visitKey}>
                    <Td>
                      <Typography>{dateTime(visit.startedAt)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{visit.channel ?? none}</Typography>
                    </Td>
                    <Td>
                      <Typography>{visit.campaign ?? none}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {[visit.geo?.country, visit.geo?.city].filter(Boolean).join(' / ') || none}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{visit.device ?? none}</Typography>
                    </Td>
                    <Td>
                      <Typography>{visit.pageCount}</Typography>
                    </Td>
                    <Td>
                      <Typography>{visit.value}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Section>
          <Section
            title={formatMessage({ id: 'cxm.contact.timelineSection', defaultMessage: 'Timeline' })}
          >
            <Table colCount={3} rowCount={timeline.length + 1} data-testid="cxm-timeline">
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.when', defaultMessage: 'When' })}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.type', defaultMessage: 'Type' })}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {formatMessage({ id: 'cxm.contact.what', defaultMessage: 'What' })}
                    </Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {timeline.map((item) => (
                  <Tr key={item.documentId}>
                    <Td>
                      <Typography>{dateTime(item.occurredAt)}</Typography>
                    </Td>
                    <Td>
                      <Badge>{item.type}</Badge>
                    </Td>
                    <Td>
                      <Typography>{describeEvent(item)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
