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
import { useIntl, type IntlShape } from 'react-intl';
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

/** The channel choices: the default (none given, i.e. direct) and every channel. */
const CHANNEL_CHOICES = ['', ...CHANNELS];

function describe(node: ExplainNode, formatMessage: IntlShape['formatMessage']): string {
  const describeChild = (child: ExplainNode) => describe(child, formatMessage);
  if (node.kind === 'leaf') {
    return formatMessage(
      {
        id: 'cxm.simulator.explain.leaf',
        defaultMessage: '{path} {operator} {operand} — visitor has {actual}',
      },
      {
        path: node.path,
        operator: node.operator,
        operand: JSON.stringify(node.operand),
        actual: JSON.stringify(node.actual ?? null),
      }
    );
  }
  if (node.kind === 'not') {
    return formatMessage(
      { id: 'cxm.simulator.explain.not', defaultMessage: 'not ({conditions})' },
      { conditions: node.children?.map(describeChild).join('; ') }
    );
  }
  const children = node.children ?? [];
  if (children.length === 0)
    return formatMessage({ id: 'cxm.simulator.explain.always', defaultMessage: 'always' });
  const junction =
    node.kind === 'and'
      ? formatMessage({ id: 'cxm.simulator.explain.and', defaultMessage: 'and' })
      : formatMessage({ id: 'cxm.simulator.explain.or', defaultMessage: 'or' });
  return children.map(describeChild).join(` ${junction} `);
}

/** Serve a page as a described visitor: which variant, which condition matched, persona distances. */
export function Simulator() {
  const api = useSimulatorApi();
  const { formatMessage } = useIntl();
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

  const title = formatMessage({ id: 'cxm.simulator.title', defaultMessage: 'Simulator' });

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={formatMessage({
          id: 'cxm.simulator.subtitle',
          defaultMessage: 'Serve a page as a visitor you describe, and see why',
        })}
      />
      <Layouts.Content>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <Grid.Root gap={4}>
            <Grid.Item col={6} direction="column" alignItems="stretch">
              <Field.Root name="target">
                <Field.Label>
                  {formatMessage({ id: 'cxm.simulator.page', defaultMessage: 'Page' })}
                </Field.Label>
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
                <Field.Label>
                  {formatMessage({ id: 'cxm.simulator.persona', defaultMessage: 'Persona' })}
                </Field.Label>
                <SingleSelect
                  value={persona}
                  onChange={(value: string | number) => setPersona(String(value))}
                >
                  <SingleSelectOption value="">
                    {formatMessage({
                      id: 'cxm.simulator.persona.none',
                      defaultMessage: 'none (profile not matched yet)',
                    })}
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
                <Field.Label>
                  {formatMessage({
                    id: 'cxm.simulator.country',
                    defaultMessage: 'Country (ISO code)',
                  })}
                </Field.Label>
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
                <Field.Label>
                  {formatMessage({ id: 'cxm.simulator.city', defaultMessage: 'City' })}
                </Field.Label>
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
                <Field.Label>
                  {formatMessage({
                    id: 'cxm.simulator.campaign',
                    defaultMessage: 'Campaign (slug)',
                  })}
                </Field.Label>
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
                <Field.Label>
                  {formatMessage({ id: 'cxm.simulator.channel', defaultMessage: 'Channel' })}
                </Field.Label>
                <SingleSelect
                  value={channel}
                  onChange={(value: string | number) => setChannel(String(value))}
                >
                  {CHANNEL_CHOICES.map((slug) => (
                    <SingleSelectOption key={slug || 'any'} value={slug}>
                      {slug ||
                        formatMessage({
                          id: 'cxm.simulator.channel.default',
                          defaultMessage: 'direct (default)',
                        })}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={3} direction="column" alignItems="stretch">
              <Field.Root name="device">
                <Field.Label>
                  {formatMessage({ id: 'cxm.simulator.device', defaultMessage: 'Device' })}
                </Field.Label>
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
                <Field.Label>
                  {formatMessage({
                    id: 'cxm.simulator.returning',
                    defaultMessage: 'Returning visitor',
                  })}
                </Field.Label>
                <Toggle
                  checked={returning}
                  onLabel={formatMessage({
                    id: 'cxm.simulator.returning.yes',
                    defaultMessage: 'yes',
                  })}
                  offLabel={formatMessage({
                    id: 'cxm.simulator.returning.no',
                    defaultMessage: 'no',
                  })}
                  onChange={() => setReturning(!returning)}
                />
              </Field.Root>
            </Grid.Item>
          </Grid.Root>
          <Box paddingTop={4}>
            <Button onClick={run} disabled={!target}>
              {formatMessage({ id: 'cxm.simulator.simulate', defaultMessage: 'Simulate' })}
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
              {formatMessage(
                { id: 'cxm.simulator.served', defaultMessage: 'Served: {page} (rule: {rule})' },
                { page: result.served.title ?? result.served.documentId, rule: result.served.rule }
              )}
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
                    ` (${formatMessage({ id: 'cxm.simulator.ruleDisabled', defaultMessage: 'disabled: never served' })})`}
                  : {describe(rule.explanation, formatMessage)}
                </Typography>
              ))}
              {result.personas.map((entry) => (
                <Typography key={entry.profile} textColor="neutral600">
                  {entry.profile}:{' '}
                  {entry.distances.length
                    ? entry.distances.map((d) => `${d.persona} ${d.distance.toFixed(2)}`).join(', ')
                    : formatMessage({
                        id: 'cxm.simulator.noProfileValues',
                        defaultMessage: 'no profile values given',
                      })}
                </Typography>
              ))}
            </Flex>
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}
