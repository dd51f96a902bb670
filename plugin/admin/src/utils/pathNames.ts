/**
 * What a marketer calls each context path ("Country", "Score: Limousine", "Time of day"), and
 * rule problems said in those words ("Choose a persona") instead of the server's paths.
 */
import type { Catalog, RuleIssue } from '../../../server/src/contracts';
import type { ComparisonNode, ConditionNode } from './conditionTree';
import type { Translate } from './translate';

/** English names of the exact paths; `conditions.name.<path>` in the translations. */
export const PATH_NAMES: Record<string, string> = {
  persona: 'Persona',
  'persona.distance': 'Persona match distance',
  topKey: 'Top interest',
  'visit.number': 'Visit number',
  'visit.returning': 'Returning visitor',
  'visit.pageCount': 'Pages in this visit',
  'visit.value': 'Engagement value of this visit',
  'engagement.value': 'Engagement value of all visits',
  'contact.identified': 'Identified contact',
  'contact.consent': 'Consent',
  'goals.ever': 'Goals ever reached',
  'goals.visit': 'Goals reached in this visit',
  'geo.country': 'Country',
  'geo.region': 'Region',
  'geo.city': 'City',
  'geo.postalCode': 'Postal code',
  'geo.continent': 'Continent',
  'geo.timeZone': 'Time zone',
  channel: 'Channel',
  campaign: 'Campaign',
  referrer: 'Referrer',
  'referrer.host': 'Referrer host',
  'utm.source': 'UTM source',
  'utm.medium': 'UTM medium',
  'utm.campaign': 'UTM campaign',
  'utm.term': 'UTM term',
  'utm.content': 'UTM content',
  device: 'Device class',
  os: 'Operating system',
  browser: 'Browser',
  language: 'Language',
  languages: 'Accepted languages',
  'time.hour': 'Time of day (hour)',
  'time.weekday': 'Weekday',
  date: 'Date',
};

/** English names of the prefix paths, `{name}` being what follows the prefix. */
export const PREFIX_NAMES: Record<string, string> = {
  'scores.': 'Score: {name}',
  'contact.attributes.': 'Contact attribute: {name}',
  'geo.distanceKm.': 'Distance in km from {name}',
  'goals.withinDays.': 'Goals reached in the last {name} days',
};

/** The plain name of a path; a prefix path names its key by its label ("Score: Limousine"). */
export function pathName(catalog: Catalog, path: string, t: Translate): string {
  if (PATH_NAMES[path]) return t(`conditions.name.${path}`, PATH_NAMES[path]);
  const prefix = catalog.prefixes
    .filter((entry) => path.startsWith(entry.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!prefix) return path;
  const rest = path.slice(prefix.prefix.length);
  const label = prefix.nameSuggestions
    ? catalog.suggestions[prefix.nameSuggestions]?.find((entry) => entry.value === rest)?.label
    : undefined;
  const english = PREFIX_NAMES[prefix.prefix] ?? `${prefix.prefix}{name}`;
  return t(`conditions.name.${prefix.prefix}`, english, { name: label ?? (rest || '…') });
}

/** The list an operand is chosen from, by its kind: "Choose a persona", "Choose a country" … */
const CHOOSE: Record<string, [id: string, english: string]> = {
  persona: ['rules.issue.choosePersona', 'Choose a persona'],
  country: ['rules.issue.chooseCountry', 'Choose a country'],
  goal: ['rules.issue.chooseGoal', 'Choose a goal'],
  campaign: ['rules.issue.chooseCampaign', 'Choose a campaign'],
  channel: ['rules.issue.chooseChannel', 'Choose a channel'],
  device: ['rules.issue.chooseDevice', 'Choose a device class'],
  profileKey: ['rules.issue.chooseInterest', 'Choose an interest'],
};

const isEmpty = (value: unknown) =>
  value === '' ||
  value === undefined ||
  (Array.isArray(value) &&
    (value.length === 0 || value.some((item) => item === '' || item === undefined)));

function comparisonsOf(node: ConditionNode): ComparisonNode[] {
  return node.kind === 'group' ? node.children.flatMap(comparisonsOf) : [node];
}

/** `rules[0].condition.$or[1].geo.country.$in[2]` → `geo.country` and `$in`. */
function comparisonAt(issuePath: string): { path: string; operator?: string } | null {
  const inner = issuePath
    .replace(/^rules\[\d+\]/, '')
    .replace(/^\.condition/, '')
    .replace(/^(?:\.\$(?:and|or)\[\d+\]|\.\$not)+/, '');
  const match = /^\.(.+?)(?:\.(\$[A-Za-z]+)(?:\[\d+\])?)?$/.exec(inner);
  return match ? { path: match[1], operator: match[2] } : null;
}

/**
 * A rule problem in words: an empty operand as what to choose or enter, any other problem after
 * the plain name of its path; never the server's raw path. `tree` is the rule's condition.
 */
export function issueInWords(
  issue: RuleIssue,
  tree: ConditionNode | null,
  catalog: Catalog,
  t: Translate
): string {
  if (/\.variant$/.test(issue.path))
    return t('rules.issue.variant', 'Served entry: {message}', { message: issue.message });
  const at = comparisonAt(issue.path);
  if (!at) return issue.message;
  const name = pathName(catalog, at.path, t);
  const node = tree
    ? comparisonsOf(tree).find(
        (candidate) =>
          candidate.path === at.path && (!at.operator || candidate.operator === at.operator)
      )
    : undefined;
  const info = catalog.paths.find((entry) => entry.path === at.path);
  const prefix = catalog.prefixes.find((entry) => at.path === entry.prefix);
  if (prefix) return t('rules.issue.completeName', 'Say which one: {name}', { name });
  if (node && isEmpty(node.value)) {
    const choose = info?.suggestions ? CHOOSE[info.suggestions] : undefined;
    return choose
      ? t(choose[0], choose[1])
      : t('rules.issue.enterValue', 'Enter a value for {name}', { name });
  }
  // the server names the path in quotes; the plain name says it already
  const message = issue.message.replace(/^\$[A-Za-z]+ on '[^']*' /, '');
  return t('rules.issue.about', '{name}: {message}', { name, message });
}
