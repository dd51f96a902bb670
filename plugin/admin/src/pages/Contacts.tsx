import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  DatePicker,
  Grid,
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
import {
  Page,
  Pagination,
  useAPIErrorHandler,
  useNotification,
  useQueryParams,
  type FetchError,
} from '@strapi/strapi/admin';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  CHANNELS,
  type Channel,
  type ContactProfile,
  type Enrollment,
  type NamedPersonaMatches,
  type TimelineItem,
} from '../../../server/src/contracts';
import { useAutomationsApi } from '../api/automations';
import { useContactsApi } from '../api/contacts';
import { useApiData } from '../api/useApiData';
import { useCxmPermissions } from '../permissions';
import { useAutomationStateLabel } from '../utils/automationStates';
import { calendarDay, dateOfDay, useDateTime } from '../utils/dates';
import { useTranslate } from '../utils/translate';
import { useVocabulary } from '../utils/vocabulary';
import { PersonaDot } from '../components/PersonaDot';
import { PluginPage } from '../components/PluginPage';

const round = (value: number) => Math.round(value * 100) / 100;

function IdentityBadge({ identified }: { identified: boolean }) {
  const t = useTranslate();
  return identified ? (
    <Badge active>{t('contacts.identified', 'identified')}</Badge>
  ) : (
    <Badge>{t('contacts.anonymous', 'anonymous')}</Badge>
  );
}

/** The contact's personas, each with its colour (the same as on the Personas page and the dashboard). */
function PersonaNames({ personas }: { personas: NamedPersonaMatches | null }) {
  const matches = Object.values(personas ?? {}).flatMap((match) => (match ? [match] : []));
  if (matches.length === 0) return <Typography>—</Typography>;
  return (
    <Flex gap={2} wrap="wrap">
      {matches.map((match) => (
        <Flex key={match.persona} gap={1}>
          <PersonaDot persona={match.persona} size={10} />
          <Typography>{match.name}</Typography>
        </Flex>
      ))}
    </Flex>
  );
}

/** The list's filters as the URL keeps them (with Strapi's page and pageSize), so a filtered page can be shared. */
interface ListQuery {
  q?: string;
  persona?: string;
  identified?: 'true' | 'false';
  channel?: Channel;
  lastSeenFrom?: string;
  lastSeenTo?: string;
  page?: string;
  pageSize?: string;
}
const FILTERS = ['q', 'persona', 'identified', 'channel', 'lastSeenFrom', 'lastSeenTo'] as const;
type FilterName = (typeof FILTERS)[number];
const DEFAULT_PAGE_SIZE = 20;

interface FilterProps {
  name: FilterName;
  label: string;
  value: string | undefined;
  /** an empty value clears the filter */
  onChange: (name: FilterName, value: string) => void;
}

/** One of the list's choice filters, with 'Any' first for no filter. */
function FilterSelect({
  name,
  col,
  label,
  value,
  options,
  onChange,
}: FilterProps & { col: number; options: Array<{ value: string; label: string }> }) {
  const t = useTranslate();
  return (
    <Grid.Item col={col} s={6} direction="column" alignItems="stretch">
      <Field.Root name={name}>
        <Field.Label>{label}</Field.Label>
        <SingleSelect
          value={value ?? ''}
          onChange={(chosen: string | number) => onChange(name, String(chosen))}
        >
          <SingleSelectOption value="">{t('contacts.filter.any', 'Any')}</SingleSelectOption>
          {options.map((option) => (
            <SingleSelectOption key={option.value} value={option.value}>
              {option.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
    </Grid.Item>
  );
}

/** One end of the last-seen range: a day, or none. */
function DayFilter({ name, label, value, onChange }: FilterProps) {
  const t = useTranslate();
  return (
    <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
      <Field.Root name={name}>
        <Field.Label>{label}</Field.Label>
        <DatePicker
          value={value ? dateOfDay(value) : undefined}
          onChange={(date: Date | undefined) => onChange(name, date ? calendarDay(date) : '')}
          onClear={() => onChange(name, '')}
          clearLabel={t('contacts.filter.clear', 'Clear')}
        />
      </Field.Root>
    </Grid.Item>
  );
}

/** Contacts searched by e-mail, external id or visitor id and filtered, newest activity first. */
export function ContactList() {
  const t = useTranslate();
  const dateTime = useDateTime();
  const vocabulary = useVocabulary();
  const api = useContactsApi();
  const [{ query }, setQuery] = useQueryParams<ListQuery>();
  const [search, setSearch] = React.useState(query.q ?? '');
  const page = Number(query.page ?? 1) || 1;
  const pageSize = Number(query.pageSize ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE;
  const loadContacts = React.useCallback(async () => {
    const { data, meta } = await api.list({
      page,
      pageSize,
      q: query.q || undefined,
      persona: query.persona || undefined,
      identified: query.identified ? query.identified === 'true' : undefined,
      channel: query.channel || undefined,
      lastSeenFrom: query.lastSeenFrom || undefined,
      lastSeenTo: query.lastSeenTo || undefined,
    });
    return { data, pagination: meta.pagination, personas: meta.personas };
  }, [
    api,
    page,
    pageSize,
    query.q,
    query.persona,
    query.identified,
    query.channel,
    query.lastSeenFrom,
    query.lastSeenTo,
  ]);
  const { data: result, error } = useApiData(loadContacts);
  // the previous answer stays while the next loads: the filter keeps its options
  const personas = result?.personas ?? [];

  /** One filter changed: back to the first page, the other filters kept. */
  const filter = (name: FilterName, value: string) => {
    if (value) setQuery({ [name]: value, page: '1' } as ListQuery);
    else setQuery({ [name]: '' } as ListQuery, 'remove');
  };
  const filtered = FILTERS.some((name) => query[name]);

  const title = t('contacts.title', 'Contacts');
  return (
    <PluginPage
      title={title}
      subtitle={t(
        'contacts.subtitle',
        'Visitors, anonymous or identified, with their profile and history'
      )}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            filter('q', search.trim());
          }}
        >
          <Flex gap={2} alignItems="flex-end">
            <Box flex="1">
              <Field.Root name="q">
                <Field.Label>
                  {t('contacts.search', 'Search by e-mail, external id or visitor id')}
                </Field.Label>
                <TextInput
                  value={search}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setSearch(event.target.value)
                  }
                />
              </Field.Root>
            </Box>
            {/* searching waits for the first page (or its failure): the list goes from it straight to the results */}
            <Button type="submit" disabled={!result && error === null}>
              {t('contacts.searchButton', 'Search')}
            </Button>
          </Flex>
        </form>
        <Grid.Root gap={4} tag="section" aria-label={t('contacts.filters', 'Filters')}>
          <FilterSelect
            name="persona"
            col={3}
            label={t('contacts.filter.persona', 'Persona')}
            value={query.persona}
            options={personas.map((persona) => ({ value: persona.slug, label: persona.name }))}
            onChange={filter}
          />
          <FilterSelect
            name="identified"
            col={2}
            label={t('contacts.identity', 'Identity')}
            value={query.identified}
            options={[
              { value: 'true', label: t('contacts.identified', 'identified') },
              { value: 'false', label: t('contacts.anonymous', 'anonymous') },
            ]}
            onChange={filter}
          />
          <FilterSelect
            name="channel"
            col={3}
            label={t('contacts.filter.channel', 'Came through channel')}
            value={query.channel}
            options={CHANNELS.map((channel) => ({
              value: channel,
              label: vocabulary.channel(channel),
            }))}
            onChange={filter}
          />
          <DayFilter
            name="lastSeenFrom"
            label={t('contacts.filter.lastSeenFrom', 'Last seen from')}
            value={query.lastSeenFrom}
            onChange={filter}
          />
          <DayFilter
            name="lastSeenTo"
            label={t('contacts.filter.lastSeenTo', 'Last seen until')}
            value={query.lastSeenTo}
            onChange={filter}
          />
        </Grid.Root>
        {error !== null && <Page.Error />}
        {!result && error === null && <Page.Loading />}
        {result && (
          <Box background="neutral0" hasRadius shadow="tableShadow">
            <Table colCount={6} rowCount={result.data.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('contacts.contact', 'Contact')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('contacts.identity', 'Identity')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('contacts.persona', 'Persona')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">
                      {t('contacts.engagementValue', 'Engagement value')}
                    </Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('contacts.visits', 'Visits')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('contacts.lastSeen', 'Last seen')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {result.data.length === 0 && (
                  <Tr>
                    <Td colSpan={6}>
                      <Typography>
                        {filtered
                          ? t(
                              'contacts.noneFiltered',
                              'No contact matches these filters. Widen them or clear the search.'
                            )
                          : t(
                              'contacts.none',
                              'No contact yet. Contacts appear here as visitors read your published pages; check the consent mode under Settings if none arrive.'
                            )}
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
                      <PersonaNames personas={contact.personas} />
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
        {result && (
          <Pagination.Root
            pageCount={result.pagination.pageCount}
            total={result.pagination.total}
            defaultPageSize={DEFAULT_PAGE_SIZE}
          >
            <Pagination.PageSize options={['10', '20', '50', '100']} />
            <Pagination.Links />
          </Pagination.Root>
        )}
      </Flex>
    </PluginPage>
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
  const t = useTranslate();
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      data-testid={`cxm-profile-${profile.slug}`}
    >
      <Typography fontWeight="bold">
        {t('contact.profileHeading', '{name}: {views} scored views, half-life {halfLife} days', {
          name: profile.name,
          views: profile.views,
          halfLife: profile.halfLifeDays,
        })}
      </Typography>
      <Typography>
        {profile.persona
          ? t('contact.personaMatch', 'Persona: {name} (distance {distance})', {
              name: profile.persona.name,
              distance: round(profile.persona.distance),
            })
          : t('contact.noPersona', 'No persona matched yet')}
      </Typography>
      <Table colCount={3} rowCount={profile.keys.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('contact.key', 'Profile key')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {t('contact.score', 'Score (decayed as of now)')}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('contact.average', 'Average per view')}</Typography>
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

function useDescribeEvent(automationNames: ReadonlyMap<string, string>) {
  const t = useTranslate();
  const vocabulary = useVocabulary();
  return (item: TimelineItem): string => {
    const data = item.data ?? {};
    const automation = (id: unknown) =>
      automationNames.get(String(id)) ?? t('timeline.anAutomation', 'an automation');
    switch (item.type) {
      case 'visit':
        return t(
          'timeline.visit',
          'Visit via {channel}{campaign, select, none {} other { ({campaign})}}',
          {
            channel: vocabulary.channel(data.channel ? String(data.channel) : null),
            campaign: data.campaign ? String(data.campaign) : 'none',
          }
        );
      case 'view':
        return t('timeline.view', 'Viewed {title}', {
          title: item.contentTitle ?? item.contentDocumentId ?? '—',
        });
      case 'goal':
        return t('timeline.goal', 'Reached {goal} (+{points})', {
          goal: item.goalName ?? '—',
          points: item.points ?? 0,
        });
      case 'persona':
        return item.personaName
          ? t('timeline.persona', 'Now matches the persona {persona}', {
              persona: item.personaName,
            })
          : t('timeline.personaLost', 'No longer matches a persona');
      case 'exposure':
        return t('timeline.exposure', 'Saw variant {variant} of experiment {experiment}', {
          variant: item.variant ?? '—',
          experiment: item.experiment ?? '—',
        });
      case 'identify':
        return t('timeline.identify', 'Identified');
      case 'consent':
        return t('timeline.consent', 'Consent: {consent}', {
          consent: vocabulary.consent(data.consent ? String(data.consent) : null),
        });
      case 'click':
        return t('timeline.click', 'Clicked a tracked link');
      case 'email':
        return t('timeline.email', 'Was sent the e-mail “{subject}” by {automation}', {
          subject: String(data.subject ?? '—'),
          automation: automation(data.automation),
        });
      case 'automation':
        if (data.action === 'unsubscribe')
          return t('timeline.unsubscribe', 'Unsubscribed from automation e-mails');
        if (data.action === 'email')
          return t('timeline.emailSkipped', 'An e-mail of {automation} was not sent ({reason})', {
            automation: automation(data.automation),
            reason: String(data.skipped ?? '—'),
          });
        return t('timeline.automationStep', '{automation}: step {step} ({action})', {
          automation: automation(data.automation),
          step: String(data.step ?? '—'),
          action: String(data.action ?? '—'),
        });
      default:
        return item.type;
    }
  };
}

function EraseContact({ visitorId }: { visitorId: string }) {
  const t = useTranslate();
  const api = useContactsApi();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  async function erase() {
    try {
      await api.erase(visitorId);
      toggleNotification({
        type: 'success',
        message: t('contact.erased', 'The contact was erased'),
      });
      navigate('..');
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as Error).message });
    }
  }
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <Button variant="danger-light">{t('contact.erase', 'Erase this contact')}</Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('contact.eraseTitle', 'Erase this contact?')}</Dialog.Header>
        <Dialog.Body>
          <Typography>
            {t(
              'contact.eraseWarning',
              'The contact, its visits and its interactions are deleted for good. Aggregated statistics keep their counts.'
            )}
          </Typography>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{t('contact.cancel', 'Cancel')}</Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button variant="danger" onClick={erase}>
              {t('contact.confirmErase', 'Erase')}
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

const NO_AUTOMATIONS = {
  names: new Map<string, string>(),
  enrollments: [] as Enrollment[],
  loadedAt: 0,
};

/** The contact's enrolments and the automations' names, for admins who may manage automations. */
function useContactAutomations(visitorId: string, allowed: boolean) {
  const api = useAutomationsApi();
  const load = React.useCallback(async () => {
    if (!allowed) return NO_AUTOMATIONS;
    const [automations, enrollments] = await Promise.all([
      api.list(),
      api.contactEnrollments(visitorId, { pageSize: 100 }),
    ]);
    return {
      names: new Map(automations.map((automation) => [automation.documentId, automation.name])),
      enrollments: enrollments.results,
      /** what "waiting" means in the table: the next run after the time they were read */
      loadedAt: Date.now(),
    };
  }, [api, visitorId, allowed]);
  return useApiData(load, { hidePrevious: true });
}

/** "Skip the wait": the enrolment goes on at the next tick, for trying a flow without waiting days. */
function SkipWait({ enrollment, onSkipped }: { enrollment: Enrollment; onSkipped: () => void }) {
  const t = useTranslate();
  const api = useAutomationsApi();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [busy, setBusy] = React.useState(false);
  async function skip() {
    setBusy(true);
    try {
      await api.skipWait(enrollment.automationId, enrollment.documentId);
      toggleNotification({
        type: 'success',
        message: t(
          'contact.enrollment.skipped',
          'The wait is over: the next step runs within seconds'
        ),
      });
      onSkipped();
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatAPIError(error as FetchError) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button variant="tertiary" size="S" loading={busy} onClick={skip}>
      {t('contact.enrollment.skipWait', 'Skip the wait')}
    </Button>
  );
}

function EnrollmentTable({
  enrollments,
  names,
  loadedAt,
  onSkipped,
}: {
  enrollments: Enrollment[];
  names: ReadonlyMap<string, string>;
  loadedAt: number;
  onSkipped: () => void;
}) {
  const t = useTranslate();
  const dateTime = useDateTime();
  const stateLabel = useAutomationStateLabel();
  const enrollmentState = (state: Enrollment['state']) =>
    state === 'active' || state === 'paused'
      ? stateLabel(state)
      : {
          completed: t('contact.enrollment.completed', 'Completed'),
          exited: t('contact.enrollment.exited', 'Exited'),
          failed: t('contact.enrollment.failed', 'Failed'),
        }[state];
  if (enrollments.length === 0)
    return (
      <Typography textColor="neutral600">
        {t('contact.enrollment.none', 'Not enrolled in any automation.')}
      </Typography>
    );
  return (
    <Table colCount={6} rowCount={enrollments.length + 1} data-testid="cxm-enrollments">
      <Thead>
        <Tr>
          {[
            t('contact.enrollment.automation', 'Automation'),
            t('contact.enrollment.state', 'State'),
            t('contact.enrollment.step', 'Current step'),
            t('contact.enrollment.enrolled', 'Enrolled'),
            t('contact.enrollment.next', 'Next step runs'),
            t('contact.enrollment.actions', 'Actions'),
          ].map((heading) => (
            <Th key={heading}>
              <Typography variant="sigma">{heading}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {enrollments.map((enrollment) => (
          <Tr key={enrollment.documentId}>
            <Td>
              <Typography>
                {names.get(enrollment.automationId) ?? enrollment.automationId}
              </Typography>
            </Td>
            <Td>
              <Badge active={enrollment.state === 'active'}>
                {enrollmentState(enrollment.state)}
              </Badge>
            </Td>
            <Td>
              <Typography>
                {enrollment.state === 'active' ? (enrollment.currentStep ?? '—') : '—'}
              </Typography>
            </Td>
            <Td>
              <Typography>{dateTime(enrollment.enrolledAt)}</Typography>
            </Td>
            <Td>
              <Typography>
                {enrollment.state === 'active' ? dateTime(enrollment.nextRunAt) : '—'}
              </Typography>
            </Td>
            <Td>
              {enrollment.state === 'active' &&
              enrollment.nextRunAt !== null &&
              enrollment.nextRunAt > loadedAt ? (
                <SkipWait enrollment={enrollment} onSkipped={onSkipped} />
              ) : null}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** One contact: identity, profile scores as of now, persona, automations, visits and timeline; erasure for admins who may manage contacts. */
export function ContactDetail() {
  const { visitorId } = useParams<{ visitorId: string }>();
  const t = useTranslate();
  const dateTime = useDateTime();
  const vocabulary = useVocabulary();
  const api = useContactsApi();
  const allowed = useCxmPermissions();
  const { data: automations, reload: reloadAutomations } = useContactAutomations(
    visitorId!,
    allowed.manageAutomations
  );
  const describeEvent = useDescribeEvent(automations?.names ?? NO_AUTOMATIONS.names);
  const loadContact = React.useCallback(() => api.get(visitorId!), [api, visitorId]);
  const { data: detail } = useApiData(loadContact);

  if (!detail) return <Page.Loading />;
  const { contact, profiles, visits, timeline } = detail;
  const title =
    contact.email ?? contact.externalId ?? t('contact.anonymousTitle', 'Anonymous visitor');
  const none = '—';
  return (
    <PluginPage
      title={title}
      subtitle={contact.visitorId}
      navigationAction={<Link to="..">{t('contacts.title', 'Contacts')}</Link>}
      primaryAction={
        allowed.manageContacts ? <EraseContact visitorId={contact.visitorId} /> : undefined
      }
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Section title={t('contact.identitySection', 'Identity')}>
          <Grid.Root gap={4}>
            <Grid.Item col={3} s={6}>
              <Fact
                label={t('contacts.identity', 'Identity')}
                value={<IdentityBadge identified={contact.identified} />}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6}>
              <Fact label={t('contact.email', 'E-mail')} value={contact.email ?? none} />
            </Grid.Item>
            <Grid.Item col={3} s={6}>
              <Fact
                label={t('contact.externalId', 'External id')}
                value={contact.externalId ?? none}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6}>
              <Fact
                label={t('contact.consent', 'Consent')}
                value={vocabulary.consent(contact.consent)}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6}>
              <Fact
                label={t('contacts.engagementValue', 'Engagement value')}
                value={contact.engagementValue}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6}>
              <Fact label={t('contacts.visits', 'Visits')} value={contact.visitCount} />
            </Grid.Item>
            <Grid.Item col={3} s={6}>
              <Fact
                label={t('contact.firstSeen', 'First seen')}
                value={dateTime(contact.firstSeenAt)}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6}>
              <Fact
                label={t('contacts.lastSeen', 'Last seen')}
                value={dateTime(contact.lastSeenAt)}
              />
            </Grid.Item>
          </Grid.Root>
        </Section>
        <Section title={t('contact.profilesSection', 'Profile scores')}>
          {profiles.map((profile) => (
            <ProfileScores key={profile.slug} profile={profile} />
          ))}
        </Section>
        {allowed.manageAutomations && automations && (
          <Section title={t('contact.automationsSection', 'Automations')}>
            <EnrollmentTable
              enrollments={automations.enrollments}
              names={automations.names}
              loadedAt={automations.loadedAt}
              onSkipped={() => void reloadAutomations()}
            />
          </Section>
        )}
        <Section title={t('contacts.visits', 'Visits')}>
          <Table colCount={7} rowCount={visits.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('contact.started', 'Started')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('contact.channel', 'Channel')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('contact.campaign', 'Campaign')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('contact.place', 'Country / city')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('contact.device', 'Device')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('contact.pages', 'Pages')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('contact.value', 'Value')}</Typography>
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
                    <Typography>{vocabulary.channel(visit.channel)}</Typography>
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
                    <Typography>{vocabulary.device(visit.device)}</Typography>
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
        <Section title={t('contact.timelineSection', 'Timeline')}>
          <Table colCount={3} rowCount={timeline.length + 1} data-testid="cxm-timeline">
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('contact.when', 'When')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('contact.type', 'Type')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('contact.what', 'What')}</Typography>
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
                    <Badge>{vocabulary.eventType(item.type)}</Badge>
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
    </PluginPage>
  );
}
