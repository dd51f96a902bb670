import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import {
  CHANNELS,
  DEVICE_CLASSES,
  type DeviceClass,
  type ExplainNode,
  type Simulation,
  type SimulatedContext,
  type SimulatorTargets,
} from '../../../server/src/contracts';
import { useSimulatorApi } from '../api/simulator';
import { useTranslate, type Translate } from '../utils/translate';

/** The channel choices: the default (none given, i.e. direct) and every channel. */
const CHANNEL_CHOICES = ['', ...CHANNELS];

function describe(node: ExplainNode, t: Translate): string {
  const describeChild = (child: ExplainNode) => describe(child, t);
  if (node.kind === 'leaf') {
    return t('simulator.explain.leaf', '{path} {operator} {operand} — visitor has {actual}', {
      path: node.path,
      operator: node.operator,
      operand: JSON.stringify(node.operand),
      actual: JSON.stringify(node.actual ?? null),
    });
  }
  if (node.kind === 'not') {
    return t('simulator.explain.not', 'not ({conditions})', {
      conditions: node.children?.map(describeChild).join('; '),
    });
  }
  const children = node.children ?? [];
  if (children.length === 0) return t('simulator.explain.always', 'always');
  const junction =
    node.kind === 'and' ? t('simulator.explain.and', 'and') : t('simulator.explain.or', 'or');
  return children.map(describeChild).join(` ${junction} `);
}

/** Serve a page as a described visitor: which variant, which condition matched, persona distances. */
export function Simulator() {
  const api = useSimulatorApi();
  const t = useTranslate();
  const [targets, setTargets] = React.useState<SimulatorTargets['targets']>([]);
  const [personas, setPersonas] = React.useState<SimulatorTargets['personas']>([]);
  const [target, setTarget] = React.useState<string>('');
  const [persona, setPersona] = React.useState('');
  const [country, setCountry] = React.useState('');
  const [city, setCity] = React.useState('');
  const [campaign, setCampaign] = React.useState('');
  const [channel, setChannel] = React.useState('');
  const [device, setDevice] = React.useState<DeviceClass>('desktop');
  const [returning, setReturning] = React.useState(false);
  const [result, setResult] = React.useState<Simulation | null>(null);

  React.useEffect(() => {
    api.targets().then((found) => {
      setTargets(found.targets);
      setPersonas(found.personas);
      if (found.targets[0]) setTarget(found.targets[0].documentId);
    });
  }, [api]);

  async function run() {
    const chosen = targets.find((candidate) => candidate.documentId === target);
    if (!chosen) return;
    const geo =
      country || city
        ? { ...(country ? { country: country.toUpperCase() } : {}), ...(city ? { city } : {}) }
        : undefined;
    const context: SimulatedContext = {
      ...(persona ? { persona } : {}),
      ...(geo ? { geo } : {}),
      ...(campaign ? { campaign } : {}),
      ...(channel ? { channel } : {}),
      device,
      returning,
    };
    setResult(await api.simulate({ uid: chosen.uid, documentId: chosen.documentId, context }));
  }

  const title = t('simulator.title', 'Simulator');

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t('simulator.subtitle', 'Serve a page as a visitor you describe, and see why')}
      />
      <Layouts.Content>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="target">
                <Field.Label>{t('simulator.page', 'Page')}</Field.Label>
                <SingleSelect
                  value={target}
                  onChange={(value: string | number) => setTarget(String(value))}
                >
                  {targets.map((candidate) => (
                    <SingleSelectOption key={candidate.documentId} value={candidate.documentId}>
                      {candidate.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="persona">
                <Field.Label>{t('simulator.persona', 'Persona')}</Field.Label>
                <SingleSelect
                  value={persona}
                  onChange={(value: string | number) => setPersona(String(value))}
                >
                  <SingleSelectOption value="">
                    {t('simulator.persona.none', 'none (profile not matched yet)')}
                  </SingleSelectOption>
                  {personas.map((entry) => (
                    <SingleSelectOption key={entry.slug} value={entry.slug}>
                      {entry.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={3} direction="column" alignItems="stretch">
              <Field.Root name="country">
                <Field.Label>{t('simulator.country', 'Country (ISO code)')}</Field.Label>
                <TextInput
                  value={country}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setCountry(event.target.value)
                  }
                />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={3} direction="column" alignItems="stretch">
              <Field.Root name="city">
                <Field.Label>{t('simulator.city', 'City')}</Field.Label>
                <TextInput
                  value={city}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setCity(event.target.value)
                  }
                />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={3} direction="column" alignItems="stretch">
              <Field.Root name="campaign">
                <Field.Label>{t('simulator.campaign', 'Campaign (slug)')}</Field.Label>
                <TextInput
                  value={campaign}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setCampaign(event.target.value)
                  }
                />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={3} direction="column" alignItems="stretch">
              <Field.Root name="channel">
                <Field.Label>{t('simulator.channel', 'Channel')}</Field.Label>
                <SingleSelect
                  value={channel}
                  onChange={(value: string | number) => setChannel(String(value))}
                >
                  {CHANNEL_CHOICES.map((slug) => (
                    <SingleSelectOption key={slug || 'any'} value={slug}>
                      {slug || t('simulator.channel.default', 'direct (default)')}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={3} direction="column" alignItems="stretch">
              <Field.Root name="device">
                <Field.Label>{t('simulator.device', 'Device')}</Field.Label>
                <SingleSelect
                  value={device}
                  onChange={(value: string | number) => setDevice(value as DeviceClass)}
                >
                  {DEVICE_CLASSES.map((slug) => (
                    <SingleSelectOption key={slug} value={slug}>
                      {slug}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={3} direction="column" alignItems="stretch">
              <Field.Root name="returning">
                <Field.Label>{t('simulator.returning', 'Returning visitor')}</Field.Label>
                <Toggle
                  checked={returning}
                  onLabel={t('simulator.returning.yes', 'yes')}
                  offLabel={t('simulator.returning.no', 'no')}
                  onChange={() => setReturning(!returning)}
                />
              </Field.Root>
            </Grid.Item>
          </Grid.Root>
          <Box paddingTop={4}>
            <Button onClick={run} disabled={!target}>
              {t('simulator.simulate', 'Simulate')}
            </Button>
          </Box>
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
            <Typography variant="delta" tag="h2">
              {t('simulator.served', 'Served: {page} (rule: {rule})', {
                page: result.served.title ?? result.served.documentId,
                rule: result.served.rule,
              })}
            </Typography>
            {result.experiment && <Typography tag="p">{result.experiment}</Typography>}
            <Flex direction="column" alignItems="stretch" gap={2} paddingTop={4}>
              {result.rules.map((rule) => (
                <Typography
                  key={rule.name}
                  textColor={rule.matched && rule.enabled ? 'success600' : 'neutral600'}
                >
                  {rule.matched ? '✓' : '✗'} {rule.name}
                  {!rule.enabled &&
                    ` (${t('simulator.ruleDisabled', 'disabled: never served')})`}:{' '}
                  {describe(rule.explanation, t)}
                </Typography>
              ))}
              {result.personas.map((entry) => (
                <Typography key={entry.profile} textColor="neutral600">
                  {entry.profile}:{' '}
                  {entry.distances.length
                    ? entry.distances.map((d) => `${d.persona} ${d.distance.toFixed(2)}`).join(', ')
                    : t('simulator.noProfileValues', 'no profile values given')}
                </Typography>
              ))}
            </Flex>
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}
