import * as React from 'react';
import {
  Box,
  EmptyStateLayout,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type {
  AnalyticsTotals,
  GoalFigures,
  Interval,
  MatrixRow,
  PersonaMixRow,
  SeriesPoint,
} from '../../../server/src/contracts';
import { useAnalyticsApi } from '../api/analytics';
import { useApiData } from '../api/useApiData';
import { lastDays } from '../utils/dates';
import { useTranslate } from '../utils/translate';

interface Analytics {
  series: SeriesPoint[];
  campaigns: MatrixRow[];
  channels: MatrixRow[];
  totals: AnalyticsTotals;
  personas: PersonaMixRow[];
  goals: GoalFigures[];
}

function useAnalytics(from: string, to: string, interval: Interval) {
  const api = useAnalyticsApi();
  const load = React.useCallback(async (): Promise<Analytics> => {
    const period = { from, to };
    const [overview, matrix, personas, goals] = await Promise.all([
      api.overview({ ...period, interval }),
      api.matrix(period),
      api.personas(period),
      api.goals(period),
    ]);
    return {
      series: overview.series,
      campaigns: matrix.campaigns,
      channels: matrix.channels,
      totals: matrix.totals,
      personas: personas.personas,
      goals: goals.goals,
    };
  }, [api, from, to, interval]);
  return useApiData(load);
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
  const t = useTranslate();
  const visitsLabel = t('dashboard.visits', 'Visits');
  const engagementValueLabel = t('dashboard.engagementValue', 'Engagement value');
  const valuePerVisitLabel = t('dashboard.valuePerVisit', 'Value per visit');
  const conversionsLabel = t('dashboard.conversions', 'Conversions');
  const valueLabel = t('dashboard.value', 'Value');

  return (
    <Page.Main>
      <Page.Title>{t('dashboard.pageTitle', 'Experience dashboard')}</Page.Title>
      <Layouts.Header
        title={t('dashboard.title', 'Experience')}
        subtitle={t(
          'dashboard.subtitle',
          'Engagement value, not just visits: what each campaign and channel is worth'
        )}
      />
      <Layouts.Content>
        <Flex gap={4} paddingBottom={6} alignItems="flex-end">
          <TextInput
            type="date"
            aria-label={t('dashboard.from', 'From')}
            name="from"
            value={from}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => setFrom(event.target.value)}
          />
          <TextInput
            type="date"
            aria-label={t('dashboard.to', 'To')}
            name="to"
            value={to}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => setTo(event.target.value)}
          />
          <SingleSelect
            aria-label={t('dashboard.interval', 'Interval')}
            value={interval}
            onChange={(value: string | number) => setInterval(value as Interval)}
          >
            <SingleSelectOption value="day">
              {t('dashboard.interval.day', 'By day')}
            </SingleSelectOption>
            <SingleSelectOption value="week">
              {t('dashboard.interval.week', 'By week')}
            </SingleSelectOption>
            <SingleSelectOption value="month">
              {t('dashboard.interval.month', 'By month')}
            </SingleSelectOption>
          </SingleSelect>
        </Flex>
        {error !== null && <Page.Error />}
        {error === null && !data && <Page.Loading />}
        {data && data.totals.visits === 0 && (
          <EmptyStateLayout
            content={t(
              'dashboard.empty',
              'No visits in this period yet. Tag your content with profile keys and goals (Content Manager → an entry → Personalization), let visitors come — or run `npm run traffic` for demo data.'
            )}
          />
        )}
        {data && data.totals.visits > 0 && (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Grid.Root gap={4}>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label={visitsLabel} value={data.totals.visits} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label={engagementValueLabel} value={data.totals.value} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label={valuePerVisitLabel} value={data.totals.valuePerVisit} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label={conversionsLabel} value={data.totals.conversions} />
              </Grid.Item>
            </Grid.Root>
            <Panel title={t('dashboard.overview.title', 'Visits and engagement value')}>
              <div style={{ width: '100%', height: 300 }} data-testid="cxm-overview-chart">
                <ResponsiveContainer>
                  <ComposedChart data={data.series}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="period" />
                    <YAxis yAxisId="visits" />
                    <YAxis yAxisId="value" orientation="right" />
                    <Tooltip />
                    <Legend />
                    <Bar
                      yAxisId="visits"
                      dataKey="visits"
                      name={visitsLabel}
                      fill="#7b79ff"
                      isAnimationActive={false}
                    />
                    <Line
                      yAxisId="value"
                      dataKey="value"
                      name={engagementValueLabel}
                      stroke="#ee5e52"
                      strokeWidth={2}
                      dot={false}
                      isAnimationActive={false}
                    />
                  </ComposedChart>
                </ResponsiveContainer>
              </div>
            </Panel>
            <Panel
              title={t(
                'dashboard.matrix.title',
                'Campaign optimization: visits against value per visit'
              )}
            >
              <div style={{ width: '100%', height: 320 }} data-testid="cxm-matrix-chart">
                <ResponsiveContainer>
                  <ScatterChart>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis
                      type="number"
                      dataKey="visits"
                      name={visitsLabel}
                      domain={[0, (max: number) => Math.ceil(max * 1.1) + 1]}
                    />
                    <YAxis
                      type="number"
                      dataKey="valuePerVisit"
                      name={valuePerVisitLabel}
                      domain={[0, (max: number) => Math.ceil(max * 1.1) + 1]}
                    />
                    <ZAxis type="number" dataKey="value" range={[60, 400]} name={valueLabel} />
                    <Tooltip cursor={{ strokeDasharray: '3 3' }} />
                    <Legend />
                    <Scatter
                      name={t('dashboard.matrix.campaigns', 'Campaigns')}
                      data={data.campaigns}
                      fill="#4945ff"
                      isAnimationActive={false}
                    />
                    <Scatter
                      name={t('dashboard.matrix.channels', 'Channels')}
                      data={data.channels}
                      fill="#ee5e52"
                      isAnimationActive={false}
                    />
                  </ScatterChart>
                </ResponsiveContainer>
              </div>
              <Table colCount={6} rowCount={data.campaigns.length + data.channels.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">
                        {t('dashboard.matrix.source', 'Campaign / channel')}
                      </Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{visitsLabel}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{valueLabel}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {t('dashboard.matrix.valuePerVisit', 'Value / visit')}
                      </Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{conversionsLabel}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">
                        {t('dashboard.matrix.costPerValue', 'Cost / value')}
                      </Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {[...data.campaigns, ...data.channels].map((row) => (
                    <Tr key={`${row.campaign}|${row.channel}`}>
                      <Td>
                        <Typography>
                          {row.campaign
                            ? t('dashboard.matrix.campaignRow', '{campaign} ({channel})', {
                                campaign: row.campaign,
                                channel: row.channel ?? '—',
                              })
                            : t('dashboard.matrix.channelRow', 'channel: {channel}', {
                                channel:
                                  row.channel ?? t('dashboard.matrix.unknownChannel', 'unknown'),
                              })}
                        </Typography>
                      </Td>
                      <Td>
                        <Typography>{row.visits}</Typography>
                      </Td>
                      <Td>
                        <Typography>{row.value}</Typography>
                      </Td>
                      <Td>
                        <Typography>{row.valuePerVisit}</Typography>
                      </Td>
                      <Td>
                        <Typography>{row.conversions}</Typography>
                      </Td>
                      <Td>
                        <Typography>{row.costPerValue ?? '—'}</Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Panel>
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Panel title={t('dashboard.personas.title', 'Persona mix')}>
                  {data.personas.map((row) => (
                    <Flex
                      key={row.persona ?? 'none'}
                      justifyContent="space-between"
                      paddingBottom={2}
                    >
                      <Typography>
                        {row.persona ?? t('dashboard.personas.none', 'No persona yet')}
                      </Typography>
                      <Typography textColor="neutral600">
                        {t(
                          'dashboard.personas.figures',
                          '{visits, plural, one {# visit} other {# visits}} · {valuePerVisit} per visit',
                          { visits: row.visits, valuePerVisit: row.valuePerVisit }
                        )}
                      </Typography>
                    </Flex>
                  ))}
                </Panel>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Panel title={t('dashboard.goals.title', 'Top goals')}>
                  {data.goals.length === 0 && (
                    <Typography>
                      {t('dashboard.goals.none', 'No goal reached in this period.')}
                    </Typography>
                  )}
                  {data.goals.map((row) => (
                    <Flex key={row.goal} justifyContent="space-between" paddingBottom={2}>
                      <Typography>{row.goal}</Typography>
                      <Typography textColor="neutral600">
                        {t(
                          'dashboard.goals.figures',
                          '{reached}× · {value, plural, one {# point} other {# points}}{conversions, plural, =0 {} one { · # conversion} other { · # conversions}}',
                          { reached: row.reached, value: row.value, conversions: row.conversions }
                        )}
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
