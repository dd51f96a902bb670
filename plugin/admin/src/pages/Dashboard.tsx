import * as React from 'react';
import { Box, EmptyStateLayout, Flex, Grid, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { lastDays } from '../utils/dates';

interface Figures {
  visits: number;
  value: number;
  goals: number;
  conversions: number;
  valuePerVisit: number;
}
interface SeriesPoint extends Figures {
  period: string;
}
interface MatrixRow extends Figures {
  campaign: string | null;
  channel: string | null;
  cost: number | null;
  costPerValue: number | null;
}
interface Analytics {
  series: SeriesPoint[];
  campaigns: MatrixRow[];
  channels: MatrixRow[];
  totals: Figures;
  personas: Array<Figures & { persona: string | null }>;
  goals: Array<{ goal: string; reached: number; value: number; conversions: number }>;
}

type Interval = 'day' | 'week' | 'month';

function useAnalytics(from: string, to: string, interval: Interval) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data?: Analytics; error?: string }>({});
  React.useEffect(() => {
    let cancelled = false;
    const query = `from=${from}&to=${to}`;
    Promise.all([
      get<{ data: Pick<Analytics, 'series'> }>(`/cxm/analytics/overview?${query}&interval=${interval}`),
      get<{ data: Pick<Analytics, 'campaigns' | 'channels' | 'totals'> }>(`/cxm/analytics/matrix?${query}`),
      get<{ data: Pick<Analytics, 'personas'> }>(`/cxm/analytics/personas?${query}`),
      get<{ data: Pick<Analytics, 'goals'> }>(`/cxm/analytics/goals?${query}`),
    ])
      .then(([overview, matrix, personas, goals]) => {
        if (cancelled) return;
        setState({
          data: {
            series: overview.data.data.series,
            campaigns: matrix.data.data.campaigns,
            channels: matrix.data.data.channels,
            totals: matrix.data.data.totals,
            personas: personas.data.data.personas,
            goals: goals.data.data.goals,
          },
        });
      })
      .catch((error: Error) => !cancelled && setState({ error: error.message }));
    return () => {
      cancelled = true;
    };
  }, [from, to, interval]);
  return state;
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography variant="alpha" tag="p">
        {value}
      </Typography>
    </Box>
  );
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      <Box paddingTop={4}>{children}</Box>
    </Box>
  );
}

/** Visits and engagement value side by side, the campaign / channel matrix, persona mix and goals. */
export function Dashboard() {
  const initial = lastDays(30);
  const [from, setFrom] = React.useState(initial.from);
  const [to, setTo] = React.useState(initial.to);
  const [interval, setInterval] = React.useState<Interval>('day');
  const { data, error } = useAnalytics(from, to, interval);

  return (
    <Page.Main>
      <Page.Title>Experience dashboard</Page.Title>
      <Layouts.Header
        title="Experience"
        subtitle="Engagement value, not just visits: what each campaign and channel is worth"
      />
      <Layouts.Content>
        <Flex gap={4} paddingBottom={6} alignItems="flex-end">
          <TextInput type="date" aria-label="From" name="from" value={from} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setFrom(event.target.value)} />
          <TextInput type="date" aria-label="To" name="to" value={to} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setTo(event.target.value)} />
          <SingleSelect aria-label="Interval" value={interval} onChange={(value: string | number) => setInterval(value as Interval)}>
            <SingleSelectOption value="day">By day</SingleSelectOption>
            <SingleSelectOption value="week">By week</SingleSelectOption>
            <SingleSelectOption value="month">By month</SingleSelectOption>
          </SingleSelect>
        </Flex>
        {error && <Page.Error />}
        {!error && !data && <Page.Loading />}
        {data && data.totals.visits === 0 && (
          <EmptyStateLayout
            content="No visits in this period yet. Tag your content with profile keys and goals (Content Manager → an entry → Personalization), let visitors come — or run `npm run traffic` for demo data."
          />
        )}
        {data && data.totals.visits > 0 && (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Grid.Root gap={4}>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label="Visits" value={data.totals.visits} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label="Engagement value" value={data.totals.value} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label="Value per visit" value={data.totals.valuePerVisit} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label="Conversions" value={data.totals.conversions} />
              </Grid.Item>
            </Grid.Root>
            <Panel title="Visits and engagement value">
              <div style={{ width: '100%', height: 300 }} data-testid="cxm-overview-chart">
                <ResponsiveContainer>
                  <ComposedChart data={data.series}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="period" />
                    <YAxis yAxisId="visits" />
                    <YAxis yAxisId="value" orientation="right" />
                    <Tooltip />
                    <Legend />
                    <Bar yAxisId="visits" dataKey="visits" name="Visits" fill="#7b79ff" isAnimationActive={false} />
                    <Line yAxisId="value" dataKey="value" name="Engagement value" stroke="#ee5e52" strokeWidth={2} dot={false} isAnimationActive={false} />
                  </ComposedChart>
                </ResponsiveContainer>
              </div>
            </Panel>
            <Panel title="Campaign optimization: visits against value per visit">
              <div style={{ width: '100%', height: 320 }} data-testid="cxm-matrix-chart">
                <ResponsiveContainer>
                  <ScatterChart>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis type="number" dataKey="visits" name="Visits" domain={[0, (max: number) => Math.ceil(max * 1.1) + 1]} />
                    <YAxis type="number" dataKey="valuePerVisit" name="Value per visit" domain={[0, (max: number) => Math.ceil(max * 1.1) + 1]} />
                    <ZAxis type="number" dataKey="value" range={[60, 400]} name="Value" />
                    <Tooltip cursor={{ strokeDasharray: '3 3' }} />
                    <Legend />
                    <Scatter name="Campaigns" data={data.campaigns} fill="#4945ff" isAnimationActive={false} />
                    <Scatter name="Channels" data={data.channels} fill="#ee5e52" isAnimationActive={false} />
                  </ScatterChart>
                </ResponsiveContainer>
              </div>
              <Table colCount={6} rowCount={data.campaigns.length + data.channels.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">Campaign / channel</Typography></Th>
                    <Th><Typography variant="sigma">Visits</Typography></Th>
                    <Th><Typography variant="sigma">Value</Typography></Th>
                    <Th><Typography variant="sigma">Value / visit</Typography></Th>
                    <Th><Typography variant="sigma">Conversions</Typography></Th>
                    <Th><Typography variant="sigma">Cost / value</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {[...data.campaigns, ...data.channels].map((row) => (
                    <Tr key={`${row.campaign}|${row.channel}`}>
                      <Td><Typography>{row.campaign ? `${row.campaign} (${row.channel ?? '—'})` : `channel: ${row.channel ?? 'unknown'}`}</Typography></Td>
                      <Td><Typography>{row.visits}</Typography></Td>
                      <Td><Typography>{row.value}</Typography></Td>
                      <Td><Typography>{row.valuePerVisit}</Typography></Td>
                      <Td><Typography>{row.conversions}</Typography></Td>
                      <Td><Typography>{row.costPerValue ?? '—'}</Typography></Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Panel>
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Panel title="Persona mix">
                  {data.personas.map((row) => (
                    <Flex key={row.persona ?? 'none'} justifyContent="space-between" paddingBottom={2}>
                      <Typography>{row.persona ?? 'No persona yet'}</Typography>
                      <Typography textColor="neutral600">
                        {row.visits} visits · {row.valuePerVisit} per visit
                      </Typography>
                    </Flex>
                  ))}
                </Panel>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Panel title="Top goals">
                  {data.goals.length === 0 && <Typography>No goal reached in this period.</Typography>}
                  {data.goals.map((row) => (
                    <Flex key={row.goal} justifyContent="space-between" paddingBottom={2}>
                      <Typography>{row.goal}</Typography>
                      <Typography textColor="neutral600">
                        {row.reached}× · {row.value} points{row.conversions ? ` · ${row.conversions} conversions` : ''}
                      </Typography>
                    </Flex>
                  ))}
                </Panel>
              </Grid.Item>
            </Grid.Root>
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}
