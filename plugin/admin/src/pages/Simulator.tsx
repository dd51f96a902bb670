import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  DatePicker,
  Field,
  Flex,
  Grid,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  TimePicker,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import {
  CHANNELS,
  DEVICE_CLASSES,
  type DeviceClass,
  type ExplainNode,
  type ExplainedRule,
  type Simulation,
  type SimulatedContext,
  type SimulatorTargets,
} from '../../../server/src/contracts';
import { useSimulatorApi } from '../api/simulator';
import { calendarDay, dateOfDay } from '../utils/dates';
import { useExplain, useWeekdayName } from '../utils/explain';
import { personaColor } from '../utils/colors';
import { useTranslate } from '../utils/translate';
import { useVocabulary } from '../utils/vocabulary';
import { PluginPage } from '../components/PluginPage';

type Profiles = SimulatorTargets['profiles'];
const UTM_FIELDS = ['source', 'medium', 'campaign'] as const;
type UtmField = (typeof UTM_FIELDS)[number];

/** A range input for one profile key: the visitor's average score per view. */
function ScoreSlider({
  label,
  min,
  max,
  value,
  onChange,
}: {
  label: string;
  min: number;
  max: number;
  value: number | undefined;
  onChange: (value: number) => void;
}) {
  const { formatNumber } = useIntl();
  const t = useTranslate();
  const id = `cxm-sim-score-${label}`;
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Flex justifyContent="space-between">
        <label htmlFor={id}>
          <Typography variant="omega" fontWeight="semiBold">
            {label}
          </Typography>
        </label>
        <output htmlFor={id}>
          <Typography variant="omega" textColor={value === undefined ? 'neutral600' : 'primary600'}>
            {value === undefined ? t('simulator.score.unset', 'not read yet') : formatNumber(value)}
          </Typography>
        </output>
      </Flex>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={max - min >= 10 ? 1 : 0.1}
        value={value ?? min}
        onChange={(event) => onChange(Number(event.target.value))}
        style={{ width: '100%', cursor: 'pointer' }}
      />
    </Flex>
  );
}

function TextField({
  name,
  label,
  value,
  onChange,
  hint,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
}) {
  return (
    <Field.Root name={name} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        value={value}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
      />
      {hint && <Field.Hint />}
    </Field.Root>
  );
}

/** A condition as nested lists: each comparison in words, with whether it holds for the visitor. */
function Explanation({ node, names }: { node: ExplainNode; names: Simulation['names'] }) {
  const t = useTranslate();
  const { leaf } = useExplain(names);
  const mark = (result: boolean) => (
    <Typography textColor={result ? 'success700' : 'danger700'} aria-hidden>
      {result ? '✓ ' : '✗ '}
    </Typography>
  );
  if (node.kind === 'leaf')
    return (
      <Typography tag="span">
        {mark(node.result)}
        {leaf(node)}
      </Typography>
    );
  const children = node.children ?? [];
  if (children.length === 0)
    return <Typography>{t('simulator.explain.always', 'always (no condition)')}</Typography>;
  if (children.length === 1 && node.kind !== 'not')
    return <Explanation node={children[0]} names={names} />;
  const heading =
    node.kind === 'not'
      ? t('simulator.explain.not', 'none of these holds:')
      : node.kind === 'and'
        ? t('simulator.explain.and', 'all of these hold:')
        : t('simulator.explain.or', 'any of these holds:');
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Typography tag="span">
        {mark(node.result)}
        {heading}
      </Typography>
      <Box tag="ul" paddingLeft={5}>
        {children.map((child, index) => (
          <li key={index}>
            <Explanation node={child} names={names} />
          </li>
        ))}
      </Box>
    </Flex>
  );
}

function RuleExplained({
  rule,
  served,
  ruleSet,
  names,
}: {
  rule: ExplainedRule;
  served: boolean;
  ruleSet: string | null;
  names: Simulation['names'];
}) {
  const t = useTranslate();
  return (
    <Box
      tag="li"
      padding={4}
      hasRadius
      borderColor={served ? 'success600' : 'neutral200'}
      borderStyle="solid"
      borderWidth="1px"
      data-testid="cxm-simulated-rule"
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between" gap={2}>
          <Flex gap={2}>
            <Typography fontWeight="bold">{rule.name}</Typography>
            {served && <Badge active>{t('simulator.rule.served', 'served')}</Badge>}
            {!rule.enabled && (
              <Badge>{t('simulator.ruleDisabled', 'disabled: never served')}</Badge>
            )}
            {rule.enabled && !served && (
              <Typography variant="pi" textColor="neutral600">
                {rule.matched
                  ? t('simulator.rule.earlierWins', 'holds, but an earlier rule wins')
                  : t('simulator.rule.noMatch', 'does not hold for this visitor')}
              </Typography>
            )}
          </Flex>
          {ruleSet && (
            <Link
              to={`../rules/${ruleSet}`}
              aria-label={t(
                'simulator.rule.editLabel',
                'Edit the rule {name} in the rule builder',
                {
                  name: rule.name,
                }
              )}
            >
              {t('simulator.rule.edit', 'Edit in the rule builder')}
            </Link>
          )}
        </Flex>
        <Explanation node={rule.explanation} names={names} />
      </Flex>
    </Box>
  );
}

function Served({ result }: { result: Simulation }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const served = result.rules.find((rule) => rule.name === result.served.rule);
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Box
        padding={4}
        hasRadius
        background="neutral100"
        tag="section"
        aria-label={t('simulator.preview', 'Preview of the served entry')}
        data-testid="cxm-served-preview"
      >
        <Typography variant="sigma" textColor="neutral600">
          {served
            ? t('simulator.servedBy', 'This visitor sees (rule {rule})', { rule: served.name })
            : t('simulator.servedDefault', 'This visitor sees the page as it is (no rule holds)')}
        </Typography>
        <Typography variant="beta" tag="h3">
          {result.served.title ?? result.served.documentId}
        </Typography>
        {result.served.preview.map((field) => (
          <Typography key={field.field} tag="p">
            {field.text}
          </Typography>
        ))}
      </Box>
      {result.experiment && <Typography tag="p">{result.experiment}</Typography>}
      <Typography variant="delta" tag="h3">
        {t('simulator.rules', 'The rules, in order')}
      </Typography>
      <Flex tag="ol" direction="column" alignItems="stretch" gap={2}>
        {result.rules.map((rule) => (
          <RuleExplained
            key={rule.name}
            rule={rule}
            served={rule === served}
            ruleSet={result.ruleSet}
            names={result.names}
          />
        ))}
      </Flex>
      <Typography variant="delta" tag="h3">
        {t('simulator.personas', 'Persona match')}
      </Typography>
      {result.personas.map((entry) => (
        <Typography key={entry.profile} textColor="neutral700" tag="p">
          {entry.distances.length
            ? t('simulator.distances', 'Distance to each persona (smaller is closer): {list}', {
                list: entry.distances
                  .map(
                    (d) =>
                      `${result.names.persona[d.persona] ?? d.persona} ${formatNumber(d.distance, {
                        maximumFractionDigits: 2,
                      })}`
                  )
                  .join(', '),
              })
            : t('simulator.noProfileValues', 'No scores given: move a slider to match a persona')}
        </Typography>
      ))}
    </Flex>
  );
}

/** Serve a page as a visitor described in plain inputs, and read why in words. */
export function Simulator() {
  const api = useSimulatorApi();
  const t = useTranslate();
  const vocabulary = useVocabulary();
  const weekdayName = useWeekdayName();
  const { toggleNotification } = useNotification();
  const [choices, setChoices] = React.useState<SimulatorTargets | null>(null);
  const [target, setTarget] = React.useState<string>('');
  const [persona, setPersona] = React.useState('');
  const [scores, setScores] = React.useState<Record<string, number>>({});
  const [country, setCountry] = React.useState('');
  const [city, setCity] = React.useState('');
  const [campaign, setCampaign] = React.useState('');
  const [channel, setChannel] = React.useState('');
  const [utm, setUtm] = React.useState<Record<UtmField, string>>({
    source: '',
    medium: '',
    campaign: '',
  });
  const [referrer, setReferrer] = React.useState('');
  const [language, setLanguage] = React.useState('');
  const [day, setDay] = React.useState('');
  const [time, setTime] = React.useState('12:00');
  const [device, setDevice] = React.useState<DeviceClass>('desktop');
  const [returning, setReturning] = React.useState(false);
  const [identified, setIdentified] = React.useState(false);
  const [goals, setGoals] = React.useState<string[]>([]);
  const [result, setResult] = React.useState<Simulation | null>(null);

  React.useEffect(() => {
    api.targets().then((found) => {
      setChoices(found);
      if (found.targets[0]) setTarget(found.targets[0].documentId);
    });
  }, [api]);

  const profiles: Profiles = choices?.profiles ?? [];

  async function run() {
    const chosen = choices?.targets.find((candidate) => candidate.documentId === target);
    if (!chosen) return;
    const geo =
      country || city
        ? { ...(country ? { country: country.toUpperCase() } : {}), ...(city ? { city } : {}) }
        : undefined;
    const givenUtm = Object.fromEntries(
      UTM_FIELDS.filter((field) => utm[field].trim()).map((field) => [field, utm[field].trim()])
    );
    const context: SimulatedContext = {
      ...(persona ? { persona } : {}),
      ...(Object.keys(scores).length ? { scores } : {}),
      ...(geo ? { geo } : {}),
      ...(campaign ? { campaign } : {}),
      ...(channel ? { channel } : {}),
      ...(Object.keys(givenUtm).length ? { utm: givenUtm } : {}),
      ...(referrer.trim() ? { referrer: referrer.trim() } : {}),
      ...(language.trim() ? { language: language.trim() } : {}),
      ...(day ? { at: `${day}T${time || '12:00'}` } : {}),
      ...(goals.length ? { goals } : {}),
      device,
      returning,
      identified,
    };
    try {
      setResult(await api.simulate({ uid: chosen.uid, documentId: chosen.documentId, context }));
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as Error).message });
    }
  }

  const title = t('simulator.title', 'Simulator');
  const utmLabels: Record<UtmField, string> = {
    source: t('simulator.utm.source', 'UTM source'),
    medium: t('simulator.utm.medium', 'UTM medium'),
    campaign: t('simulator.utm.campaign', 'UTM campaign'),
  };
  const col = (span: number, children: React.ReactNode) => (
    <Grid.Item col={span} s={12} direction="column" alignItems="stretch">
      {children}
    </Grid.Item>
  );

  return (
    <PluginPage
      title={title}
      subtitle={t(
        'simulator.subtitle',
        'Describe a visitor, see which version of a page they get, and why'
      )}
    >
      {choices && choices.targets.length === 0 && (
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} marginBottom={6}>
          <Typography>
            {t(
              'simulator.noTargets',
              'No page has personalization rules yet. Open a page in the Content Manager and create a variant in its Personalization panel, or add rules under Rules.'
            )}
          </Typography>
        </Box>
      )}
      <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Grid.Root gap={4}>
            {col(
              6,
              <Field.Root name="target">
                <Field.Label>{t('simulator.page', 'Page')}</Field.Label>
                <SingleSelect
                  value={target}
                  onChange={(value: string | number) => setTarget(String(value))}
                >
                  {(choices?.targets ?? []).map((candidate) => (
                    <SingleSelectOption key={candidate.documentId} value={candidate.documentId}>
                      {candidate.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            )}
            {col(
              6,
              <Field.Root
                name="persona"
                hint={t(
                  'simulator.persona.hint',
                  'Or leave it and move the sliders: the persona then follows the scores'
                )}
              >
                <Field.Label>{t('simulator.persona', 'Persona')}</Field.Label>
                <SingleSelect
                  value={persona}
                  onChange={(value: string | number) => setPersona(String(value))}
                >
                  <SingleSelectOption value="">
                    {t('simulator.persona.none', 'none (profile not matched yet)')}
                  </SingleSelectOption>
                  {(choices?.personas ?? []).map((entry) => (
                    <SingleSelectOption key={entry.slug} value={entry.slug}>
                      <span style={{ color: personaColor(entry.slug) }} aria-hidden>
                        ●{' '}
                      </span>
                      {entry.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            )}
          </Grid.Root>

          {profiles.map((profile) => (
            <Box key={profile.slug} tag="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
              <Flex justifyContent="space-between" paddingBottom={2}>
                <Typography variant="sigma" tag="legend" textColor="neutral700">
                  {t(
                    'simulator.scores',
                    'What the visitor has read: {profile} (average per page)',
                    {
                      profile: profile.name,
                    }
                  )}
                </Typography>
                <Button
                  variant="tertiary"
                  size="S"
                  onClick={() =>
                    setScores(
                      Object.fromEntries(
                        Object.entries(scores).filter(
                          ([key]) => !profile.keys.some((candidate) => candidate.slug === key)
                        )
                      )
                    )
                  }
                >
                  {t('simulator.scores.reset', 'Reset')}
                </Button>
              </Flex>
              <Grid.Root gap={4}>
                {profile.keys.map((key) =>
                  col(
                    3,
                    <ScoreSlider
                      key={key.slug}
                      label={key.name}
                      min={key.min}
                      max={key.max}
                      value={scores[key.slug]}
                      onChange={(value) => setScores({ ...scores, [key.slug]: value })}
                    />
                  )
                )}
              </Grid.Root>
            </Box>
          ))}

          <Grid.Root gap={4}>
            {col(
              3,
              <Field.Root name="channel">
                <Field.Label>{t('simulator.channel', 'Channel')}</Field.Label>
                <SingleSelect
                  value={channel}
                  onChange={(value: string | number) => setChannel(String(value))}
                >
                  <SingleSelectOption value="">
                    {t('simulator.channel.default', 'Direct (default)')}
                  </SingleSelectOption>
                  {CHANNELS.map((slug) => (
                    <SingleSelectOption key={slug} value={slug}>
                      {vocabulary.channel(slug)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            )}
            {col(
              3,
              <Field.Root name="campaign">
                <Field.Label>{t('simulator.campaign', 'Campaign')}</Field.Label>
                <SingleSelect
                  value={campaign}
                  onChange={(value: string | number) => setCampaign(String(value))}
                >
                  <SingleSelectOption value="">
                    {t('simulator.campaign.none', 'none')}
                  </SingleSelectOption>
                  {(choices?.campaigns ?? []).map((entry) => (
                    <SingleSelectOption key={entry.slug} value={entry.slug}>
                      {entry.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            )}
            {UTM_FIELDS.map((field) =>
              col(
                2,
                <TextField
                  key={field}
                  name={`utm-${field}`}
                  label={utmLabels[field]}
                  value={utm[field]}
                  onChange={(value) => setUtm({ ...utm, [field]: value })}
                />
              )
            )}
            {col(
              6,
              <TextField
                name="referrer"
                label={t('simulator.referrer', 'Came from (referrer URL)')}
                hint={t('simulator.referrer.hint', 'e.g. https://www.google.com/')}
                value={referrer}
                onChange={setReferrer}
              />
            )}
            {col(
              3,
              <TextField
                name="country"
                label={t('simulator.country', 'Country (ISO code)')}
                hint={t('simulator.country.hint', 'e.g. DE')}
                value={country}
                onChange={setCountry}
              />
            )}
            {col(
              3,
              <TextField
                name="city"
                label={t('simulator.city', 'City')}
                value={city}
                onChange={setCity}
              />
            )}
            {col(
              3,
              <TextField
                name="language"
                label={t('simulator.language', 'Language')}
                hint={t('simulator.language.hint', 'e.g. de or en-GB')}
                value={language}
                onChange={setLanguage}
              />
            )}
            {col(
              3,
              <Field.Root
                name="day"
                hint={
                  day
                    ? t('simulator.weekday', 'a {weekday}', {
                        weekday: weekdayName(dateOfDay(day).getUTCDay()),
                      })
                    : t('simulator.day.hint', 'today when empty')
                }
              >
                <Field.Label>{t('simulator.day', "Visitor's date")}</Field.Label>
                <DatePicker
                  value={day ? dateOfDay(day) : undefined}
                  onChange={(date: Date | undefined) => setDay(date ? calendarDay(date) : '')}
                  onClear={() => setDay('')}
                  clearLabel={t('simulator.day.clear', 'Clear the date')}
                />
                <Field.Hint />
              </Field.Root>
            )}
            {col(
              3,
              <Field.Root name="time">
                <Field.Label>{t('simulator.time', "Visitor's local time")}</Field.Label>
                <TimePicker
                  value={time}
                  step={30}
                  disabled={!day}
                  onChange={(value?: string) => setTime(value ?? '12:00')}
                />
              </Field.Root>
            )}
            {col(
              3,
              <Field.Root name="device">
                <Field.Label>{t('simulator.device', 'Device')}</Field.Label>
                <SingleSelect
                  value={device}
                  onChange={(value: string | number) => setDevice(value as DeviceClass)}
                >
                  {DEVICE_CLASSES.map((slug) => (
                    <SingleSelectOption key={slug} value={slug}>
                      {vocabulary.device(slug)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            )}
            {col(
              3,
              <Field.Root name="goals">
                <Field.Label>{t('simulator.goals', 'Goals already reached')}</Field.Label>
                <MultiSelect value={goals} onChange={(values: string[]) => setGoals(values)}>
                  {(choices?.goals ?? []).map((goal) => (
                    <MultiSelectOption key={goal.slug} value={goal.slug}>
                      {goal.name}
                    </MultiSelectOption>
                  ))}
                </MultiSelect>
              </Field.Root>
            )}
            {col(
              3,
              <Field.Root name="returning">
                <Field.Label>{t('simulator.returning', 'Returning visitor')}</Field.Label>
                <Toggle
                  checked={returning}
                  onLabel={t('simulator.returning.yes', 'yes')}
                  offLabel={t('simulator.returning.no', 'no')}
                  onChange={() => setReturning(!returning)}
                />
              </Field.Root>
            )}
            {col(
              3,
              <Field.Root name="identified">
                <Field.Label>{t('simulator.identified', 'Known contact (identified)')}</Field.Label>
                <Toggle
                  checked={identified}
                  onLabel={t('simulator.returning.yes', 'yes')}
                  offLabel={t('simulator.returning.no', 'no')}
                  onChange={() => setIdentified(!identified)}
                />
              </Field.Root>
            )}
          </Grid.Root>
          <Box>
            <Button onClick={run} disabled={!target}>
              {t('simulator.simulate', 'Simulate')}
            </Button>
          </Box>
        </Flex>
      </Box>
      {result && (
        <Box
          background="neutral0"
          hasRadius
          shadow="tableShadow"
          padding={6}
          marginTop={6}
          data-testid="cxm-simulation"
        >
          <Served result={result} />
        </Box>
      )}
    </PluginPage>
  );
}
