import * as React from 'react';
import {
  Box,
  DatePicker,
  EmptyStateLayout,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tabs,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
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
  NamedMatrixRow,
  PersonaMixRow,
  SeriesPoint,
} from '../../../server/src/contracts';
import { useAnalyticsApi } from '../api/analytics';
import { useApiData } from '../api/useApiData';
import { SERIES_COLORS } from '../utils/colors';
import { PersonaDot } from '../components/PersonaDot';
import { calendarDay, dateOfDay, lastDays } from '../utils/dates';
import { useFormat } from '../utils/format';
import { useTranslate } from '../utils/translate';
import { useVocabulary } from '../utils/vocabulary';

interface Analytics {
  series: SeriesPoint[];
  campaigns: NamedMatrixRow[];
  channels: NamedMatrixRow[];
  totals: AnalyticsTotals;
  personas: PersonaMixRow[];
  goals: GoalFigures[];
}

/** Legend and axis text: neutral800 on white, well above AA. */
const TEXT_COLOR = '#32324d';
const AXIS_STYLE = { fill: TEXT_COLOR, fontSize: 12 };

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

function Stat({ label, value }: { label: string; value: string }) {
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
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} tag="section">
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      <Box paddingTop={4}>{children}</Box>
    </Box>
  );
}

/** A tooltip that names what a point is, then its figures. */
function FiguresTooltip({
  title,
  lines,
}: {
  title: string;
  lines: Array<{ label: string; value: string }>;
}) {
  return (
    <Box background="neutral0" padding={3} hasRadius shadow="popupShadow">
      <Typography fontWeight="bold" tag="p">
        {title}
      </Typography>
      {lines.map((line) => (
        <Typography key={line.label} tag="p" variant="pi">
          {line.label}: {line.value}
        </Typography>
      ))}
    </Box>
  );
}

function DayPicker({
  name,
  label,
  value,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (day: string) => void;
}) {
  return (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <DatePicker
        value={dateOfDay(value)}
        onChange={(date: Date | undefined) => date && onChange(calendarDay(date))}
      />
    </Field.Root>
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
  const format = useFormat();
  const vocabulary = useVocabulary();
  const visitsLabel = t('dashboard.visits', 'Visits');
  const engagementValueLabel = t('dashboard.engagementValue', 'Engagement value');
  const valuePerVisitLabel = t('dashboard.valuePerVisit', 'Value per visit');
  const conversionsLabel = t('dashboard.conversions', 'Conversions');
  const valueLabel = t('dashboard.value', 'Value');
  const periodLabel = {
    day: t('dashboard.axis.day', 'Day'),
    week: t('dashboard.axis.week', 'Week starting'),
    month: t('dashboard.axis.month', 'Month'),
  }[interval];
  const visitsAxis = t('dashboard.axis.visits', 'Visits (count)');
  const valueAxis = t('dashboard.axis.value', 'Engagement value (points)');
  const valuePerVisitAxis = t('dashboard.axis.valuePerVisit', 'Value per visit (points)');
  const channelName = (slug: string | null) =>
    slug ? vocabulary.channel(slug) : t('dashboard.matrix.unknownChannel', 'unknown');
  const sourceName = (row: NamedMatrixRow) =>
    row.campaign
      ? t('dashboard.matrix.campaignRow', '{campaign} ({channel})', {
          campaign: row.campaignName ?? row.campaign,
          channel: channelName(row.channel),
        })
      : channelName(row.channel);

  const matrixChart = (rows: NamedMatrixRow[], colour: string, kind: string) => (
    <div style={{ width: '100%', height: 380 }} aria-hidden>
      <ResponsiveContainer>
        <ScatterChart margin={{ left: 16, bottom: 24, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="visits"
            name={visitsLabel}
            allowDecimals={false}
            tick={AXIS_STYLE}
            tickFormatter={format.number}
            domain={[0, (max: number) => Math.ceil(max * 1.1) + 1]}
            label={{ value: visitsAxis, position: 'insideBottom', offset: -16, ...AXIS_STYLE }}
          />
          <YAxis
            type="number"
            dataKey="valuePerVisit"
            name={valuePerVisitLabel}
            tick={AXIS_STYLE}
            tickFormatter={format.number}
            domain={[0, (max: number) => Math.ceil(max * 1.1) + 1]}
            label={{ value: valuePerVisitAxis, angle: -90, position: 'insideLeft', ...AXIS_STYLE }}
          />
          <ZAxis type="number" dataKey="value" range={[60, 400]} name={valueLabel} />
          <Tooltip
            cursor={{ strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as NamedMatrixRow | undefined;
              if (!active || !row) return null;
              return (
                <FiguresTooltip
                  title={sourceName(row)}
                  lines={[
                    { label: visitsLabel, value: format.number(row.visits) },
                    { label: valuePerVisitLabel, value: format.number(row.valuePerVisit) },
                    { label: valueLabel, value: format.number(row.value) },
                    { label: conversionsLabel, value: format.number(row.conversions) },
                  ]}
                />
              );
            }}
          />
          <Legend
            verticalAlign="top"
            formatter={(text: string) => <span style={{ color: TEXT_COLOR }}>{text}</span>}
          />
          <Scatter name={kind} data={rows} fill={colour} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );

  const matrixTable = (rows: NamedMatrixRow[], heading: string, testId: string) => (
    <Table colCount={6} rowCount={rows.length + 1} data-testid={testId}>
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{heading}</Typography>
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
        {rows.map((row) => (
          <Tr key={`${row.campaign}|${row.channel}`}>
            <Td>
              <Typography>{sourceName(row)}</Typography>
            </Td>
            <Td>
              <Typography>{format.number(row.visits)}</Typography>
            </Td>
            <Td>
              <Typography>{format.number(row.value)}</Typography>
            </Td>
            <Td>
              <Typography>{format.number(row.valuePerVisit)}</Typography>
            </Td>
            <Td>
              <Typography>{format.number(row.conversions)}</Typography>
            </Td>
            <Td>
              <Typography>{format.number(row.costPerValue)}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );

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
          <DayPicker
            name="from"
            label={t('dashboard.from', 'From')}
            value={from}
            onChange={setFrom}
          />
          <DayPicker name="to" label={t('dashboard.to', 'To')} value={to} onChange={setTo} />
          <Field.Root name="interval">
            <Field.Label>{t('dashboard.interval', 'Interval')}</Field.Label>
            <SingleSelect
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
          </Field.Root>
        </Flex>
        {error !== null && <Page.Error />}
        {error === null && !data && <Page.Loading />}
        {data && data.totals.visits === 0 && (
          <EmptyStateLayout
            content={t(
              'dashboard.empty',
              'No visits in this period yet. Tag your pages in the Content Manager (an entry → Personalization: profile keys and goals) and publish them; the figures appear here as visitors arrive. Choose an earlier period above to see past visits.'
            )}
          />
        )}
        {data && data.totals.visits > 0 && (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Grid.Root gap={4}>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label={visitsLabel} value={format.number(data.totals.visits)} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label={engagementValueLabel} value={format.number(data.totals.value)} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label={valuePerVisitLabel} value={format.number(data.totals.valuePerVisit)} />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Stat label={conversionsLabel} value={format.number(data.totals.conversions)} />
              </Grid.Item>
            </Grid.Root>
            <Panel title={t('dashboard.overview.title', 'Visits and engagement value')}>
              <div
                style={{ width: '100%', height: 320 }}
                data-testid="cxm-overview-chart"
                aria-hidden
              >
                <ResponsiveContainer>
                  <ComposedChart data={data.series} margin={{ left: 16, right: 32, bottom: 24 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis
                      dataKey="period"
                      tick={AXIS_STYLE}
                      tickFormatter={(day: string) => format.period(day, interval)}
                      label={{
                        value: periodLabel,
                        position: 'insideBottom',
                        offset: -16,
                        ...AXIS_STYLE,
                      }}
                    />
                    <YAxis
                      yAxisId="visits"
                      allowDecimals={false}
                      tick={AXIS_STYLE}
                      tickFormatter={format.number}
                      label={{
                        value: visitsAxis,
                        angle: -90,
                        position: 'insideLeft',
                        ...AXIS_STYLE,
                      }}
                    />
                    <YAxis
                      yAxisId="value"
                      orientation="right"
                      tick={AXIS_STYLE}
                      tickFormatter={format.number}
                      label={{
                        value: valueAxis,
                        angle: 90,
                        position: 'right',
                        ...AXIS_STYLE,
                      }}
                    />
                    <Tooltip
                      labelFormatter={(day) => format.period(String(day), interval)}
                      formatter={(value) => format.number(Number(value))}
                    />
                    <Legend
                      verticalAlign="top"
                      formatter={(text: string) => (
                        <span style={{ color: TEXT_COLOR }}>{text}</span>
                      )}
                    />
                    <Bar
                      yAxisId="visits"
                      dataKey="visits"
                      name={visitsLabel}
                      fill={SERIES_COLORS.visits}
                      isAnimationActive={false}
                    />
                    <Line
                      yAxisId="value"
                      dataKey="value"
                      name={engagementValueLabel}
                      stroke={SERIES_COLORS.value}
                      strokeWidth={2}
                      dot={false}
                      isAnimationActive={false}
                    />
                  </ComposedChart>
                </ResponsiveContainer>
              </div>
              <VisuallyHidden>
                <table data-testid="cxm-overview-table">
                  <caption>
                    {t('dashboard.overview.caption', 'Visits and engagement value per {period}', {
                      period: periodLabel,
                    })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{periodLabel}</th>
                      <th scope="col">{visitsLabel}</th>
                      <th scope="col">{engagementValueLabel}</th>
                      <th scope="col">{valuePerVisitLabel}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.series.map((point) => (
                      <tr key={point.period}>
                        <th scope="row">{format.period(point.period, interval)}</th>
                        <td>{format.number(point.visits)}</td>
                        <td>{format.number(point.value)}</td>
                        <td>{format.number(point.valuePerVisit)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </VisuallyHidden>
            </Panel>
            <Panel
              title={t(
                'dashboard.matrix.title',
                'Campaign optimization: visits against value per visit'
              )}
            >
              <Typography tag="p" textColor="neutral700">
                {t(
                  'dashboard.matrix.help',
                  'Top right is best: many visits that are each worth a lot. The bigger a point, the more engagement value it brought in total.'
                )}
              </Typography>
              <Tabs.Root defaultValue="campaigns">
                <Tabs.List aria-label={t('dashboard.matrix.switch', 'Show campaigns or channels')}>
                  <Tabs.Trigger value="campaigns">
                    {t('dashboard.matrix.campaigns', 'Campaigns')}
                  </Tabs.Trigger>
                  <Tabs.Trigger value="channels">
                    {t('dashboard.matrix.channels', 'Channels')}
                  </Tabs.Trigger>
                </Tabs.List>
                <Tabs.Content value="campaigns">
                  <Box paddingTop={4} data-testid="cxm-matrix-chart">
                    {matrixChart(
                      data.campaigns,
                      SERIES_COLORS.campaigns,
                      t('dashboard.matrix.campaigns', 'Campaigns')
                    )}
                    {matrixTable(
                      data.campaigns,
                      t('dashboard.matrix.campaign', 'Campaign (channel)'),
                      'cxm-campaigns-table'
                    )}
                  </Box>
                </Tabs.Content>
                <Tabs.Content value="channels">
                  <Box paddingTop={4}>
                    {matrixChart(
                      data.channels,
                      SERIES_COLORS.channels,
                      t('dashboard.matrix.channels', 'Channels')
                    )}
                    {matrixTable(
                      data.channels,
                      t('dashboard.matrix.channel', 'Channel'),
                      'cxm-channels-table'
                    )}
                  </Box>
                </Tabs.Content>
              </Tabs.Root>
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
                      <Flex gap={2}>
                        <PersonaDot persona={row.persona} />
                        <Typography>
                          {row.name ?? t('dashboard.personas.none', 'No persona yet')}
                        </Typography>
                      </Flex>
                      <Typography textColor="neutral600">
                        {t(
                          'dashboard.personas.figures',
                          '{visits, plural, one {# visit} other {# visits}} · {valuePerVisit} per visit',
                          { visits: row.visits, valuePerVisit: format.number(row.valuePerVisit) }
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
                      <Typography>{row.name}</Typography>
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
