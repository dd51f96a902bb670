import * as React from 'react';
import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ErrorBar,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { HOLDOUT_KEY, type VariantResult } from '../../../server/src/contracts';
import { useTranslate } from '../utils/translate';

const ARM_COLOUR = '#4945ff';
const HOLDOUT_COLOUR = '#8e8ea9';
const INTERVAL_COLOUR = '#32324d';

interface Point {
  label: string;
  key: string;
  /** percent */
  rate: number;
  low: number;
  high: number;
  /** distances from the rate to the interval's ends, as recharts' ErrorBar takes them */
  interval: [number, number];
  visitors: number;
  conversions: number;
}

/**
 * Conversion rate per arm (bars, percent) with its 95 % interval (whiskers): arms whose whiskers
 * overlap may differ by chance. The table beside it has the same figures for screen readers.
 */
export function ConversionChart({
  variants,
  labelOf,
  goalName,
}: {
  variants: VariantResult[];
  labelOf: (variant: VariantResult, index: number) => string;
  goalName: string;
}) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const percent = (value: number) =>
    `${formatNumber(value, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} %`;
  const points: Point[] = variants.map((variant, index) => {
    const [low, high] = variant.conversionInterval95.map((share) => share * 100);
    const rate = variant.conversionRate * 100;
    return {
      label: labelOf(variant, index),
      key: variant.key,
      rate,
      low,
      high,
      interval: [rate - low, high - rate],
      visitors: variant.visitors,
      conversions: variant.conversions,
    };
  });
  const top = Math.min(
    100,
    Math.max(5, Math.ceil(Math.max(...points.map((point) => point.high)) / 5) * 5)
  );
  const axisTitle = t('experiments.chart.rateAxis', 'Conversion rate on {goal} (%)', {
    goal: goalName,
  });
  return (
    <Box data-testid="cxm-experiment-chart">
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={points} margin={{ top: 24, right: 24, bottom: 32, left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="label"
            tick={{ fill: '#32324d' }}
            label={{
              value: t('experiments.chart.armAxis', 'Arm'),
              position: 'insideBottom',
              offset: -20,
              fill: '#32324d',
            }}
          />
          <YAxis
            domain={[0, top]}
            unit=" %"
            tick={{ fill: '#32324d' }}
            tickFormatter={(value: number) => formatNumber(value)}
            width={80}
            label={{
              value: axisTitle,
              angle: -90,
              position: 'insideLeft',
              offset: -8,
              style: { textAnchor: 'middle' },
              fill: '#32324d',
            }}
          />
          <Tooltip
            formatter={(_value, _name, item) => {
              const point = item.payload as Point;
              return [
                t(
                  'experiments.chart.tooltip',
                  '{rate} ({conversions} of {visitors} visitors); 95 % interval {low} … {high}',
                  {
                    rate: percent(point.rate),
                    conversions: point.conversions,
                    visitors: point.visitors,
                    low: percent(point.low),
                    high: percent(point.high),
                  }
                ),
                t('experiments.chart.rate', 'Conversion rate'),
              ];
            }}
          />
          <Bar
            dataKey="rate"
            name={t('experiments.chart.rate', 'Conversion rate')}
            isAnimationActive={false}
          >
            {points.map((point) => (
              <Cell
                key={point.key}
                fill={point.key === HOLDOUT_KEY ? HOLDOUT_COLOUR : ARM_COLOUR}
              />
            ))}
            <ErrorBar dataKey="interval" width={12} strokeWidth={2} stroke={INTERVAL_COLOUR} />
            <LabelList
              dataKey="rate"
              position="insideBottom"
              offset={10}
              formatter={(value: unknown) => percent(Number(value))}
              fill="#ffffff"
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <Typography variant="pi" textColor="neutral600" tag="p">
        {t(
          'experiments.chart.caption',
          'Bars: share of visitors of each arm who reached {goal} after seeing it. Whiskers: the 95 % interval of that share; where the whiskers of two arms overlap, the difference may be chance.',
          { goal: goalName }
        )}
      </Typography>
    </Box>
  );
}
