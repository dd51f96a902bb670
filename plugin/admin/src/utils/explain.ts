/**
 * A rule's explanation in a marketer's words: "Persona is Family father — this visitor: none
 * yet". Paths, operators and values are named in the admin's language; slugs become the names
 * the server sent along with the simulation.
 */
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { ExplainNode, Simulation } from '../../../server/src/contracts';
import { useTranslate } from './translate';
import { useVocabulary } from './vocabulary';

type Names = Simulation['names'];

/** The weekday (0 = Sunday) in the admin's language. */
export function useWeekdayName() {
  const { locale } = useIntl();
  return React.useCallback(
    (weekday: number) =>
      // 2023-01-01 was a Sunday
      new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
        Date.UTC(2023, 0, 1 + weekday)
      ),
    [locale]
  );
}

export function useExplain(names: Names) {
  const t = useTranslate();
  const intl = useIntl();
  const vocabulary = useVocabulary();
  const weekday = useWeekdayName();

  return React.useMemo(() => {
    function subject(path: string): string {
      const exact: Record<string, string> = {
        persona: t('path.persona', 'Persona'),
        'persona.distance': t('path.persona.distance', 'Distance to the persona'),
        topKey: t('path.topKey', 'Top interest'),
        'visit.number': t('path.visit.number', 'Visit number'),
        'visit.returning': t('path.visit.returning', 'Returning visitor'),
        'visit.pageCount': t('path.visit.pageCount', 'Pages in this visit'),
        'visit.value': t('path.visit.value', 'Engagement value of this visit'),
        'engagement.value': t('path.engagement.value', 'Engagement value'),
        'contact.identified': t('path.contact.identified', 'Identified contact'),
        'contact.consent': t('path.contact.consent', 'Consent'),
        'goals.ever': t('path.goals.ever', 'Goals ever reached'),
        'goals.visit': t('path.goals.visit', 'Goals reached in this visit'),
        'geo.country': t('path.geo.country', 'Country'),
        'geo.region': t('path.geo.region', 'Region'),
        'geo.city': t('path.geo.city', 'City'),
        'geo.postalCode': t('path.geo.postalCode', 'Postal code'),
        'geo.continent': t('path.geo.continent', 'Continent'),
        'geo.timeZone': t('path.geo.timeZone', 'Time zone'),
        channel: t('path.channel', 'Channel'),
        campaign: t('path.campaign', 'Campaign'),
        referrer: t('path.referrer', 'Referrer'),
        'referrer.host': t('path.referrer.host', 'Referring site'),
        'utm.source': t('path.utm.source', 'UTM source'),
        'utm.medium': t('path.utm.medium', 'UTM medium'),
        'utm.campaign': t('path.utm.campaign', 'UTM campaign'),
        'utm.term': t('path.utm.term', 'UTM term'),
        'utm.content': t('path.utm.content', 'UTM content'),
        device: t('path.device', 'Device'),
        os: t('path.os', 'Operating system'),
        browser: t('path.browser', 'Browser'),
        language: t('path.language', 'Language'),
        languages: t('path.languages', 'Accepted languages'),
        'time.hour': t('path.time.hour', 'Time of day (hour)'),
        'time.weekday': t('path.time.weekday', 'Weekday'),
        date: t('path.date', 'Date'),
      };
      if (Object.hasOwn(exact, path)) return exact[path];
      const [, prefix, name] =
        /^(scores|contact\.attributes|goals\.withinDays|geo\.distanceKm)\.(.+)$/.exec(path) ?? [];
      switch (prefix) {
        case 'scores':
          return t('path.scores', 'Score: {key}', { key: names.profileKey[name] ?? name });
        case 'contact.attributes':
          return t('path.contact.attributes', 'Contact attribute {name}', { name });
        case 'goals.withinDays':
          return t('path.goals.withinDays', 'Goals reached in the last {days} days', {
            days: Number(name),
          });
        case 'geo.distanceKm':
          return t('path.geo.distanceKm', 'Distance in km to {point}', { point: name });
        default:
          return path;
      }
    }

    /** the rule builder's operator words, shared with it */
    const verb = (operator: string) => t(`conditions.operator.${operator}`, operator);

    /** One value as a marketer calls it: names for slugs, words for channels, local numbers. */
    function word(path: string, value: unknown): string {
      if (typeof value === 'boolean')
        return value ? t('explain.yes', 'yes') : t('explain.no', 'no');
      if (typeof value === 'number')
        return path === 'time.weekday'
          ? weekday(value)
          : intl.formatNumber(value, { maximumFractionDigits: 2 });
      const text = String(value);
      if (path === 'persona') return names.persona[text] ?? text;
      if (path === 'campaign') return names.campaign[text] ?? text;
      if (path === 'topKey') return names.profileKey[text] ?? text;
      if (path.startsWith('goals.')) return names.goal[text] ?? text;
      if (path === 'channel') return vocabulary.channel(text);
      if (path === 'device') return vocabulary.device(text);
      if (path === 'contact.consent') return vocabulary.consent(text);
      return text;
    }

    function values(path: string, value: unknown, junction: 'and' | 'or'): string {
      const list = Array.isArray(value) ? value : [value];
      const words = list.map((entry) => word(path, entry));
      return intl.formatList(words, { type: junction === 'and' ? 'conjunction' : 'disjunction' });
    }

    /** "Persona is Family father — this visitor: none yet" */
    function leaf(node: ExplainNode): string {
      const path = node.path ?? '';
      const operator = node.operator ?? '';
      const operand =
        operator === '$null' || operator === '$notNull'
          ? ''
          : operator === '$between' && Array.isArray(node.operand)
            ? values(path, node.operand, 'and')
            : values(path, node.operand, 'or');
      const actual =
        node.actual === undefined ||
        node.actual === null ||
        (Array.isArray(node.actual) && node.actual.length === 0)
          ? t('explain.noneYet', 'none yet')
          : values(path, node.actual, 'and');
      return t('explain.leaf', '{subject} {verb} {operand} — this visitor: {actual}', {
        subject: subject(path),
        verb: verb(operator),
        operand,
        actual,
      }).replace(/\s+—/, ' —');
    }

    return { leaf, subject };
  }, [t, intl, vocabulary, weekday, names]);
}
