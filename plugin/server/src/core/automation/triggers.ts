/**
 * Triggers: what enrols a contact in an automation. Visitor events are matched against an
 * index of the active automations' compiled triggers (by event type, conditions as closures),
 * so an event costs a map lookup and a few closure calls, never a query. Inactivity is found
 * by the scheduler, manual enrolment comes through the admin API. Pure module.
 */
import { CHANNELS } from '../channels';
import {
  compileCondition,
  validateCondition,
  type CompiledCondition,
  type PathCatalog,
  type RuleIssue,
} from '../rules';
import type { ContextReader } from '../visitor-context';
import { MS_PER_DAY } from './flow';

export type Trigger = (
  | { type: 'goal'; goal: string }
  | { type: 'persona'; persona: string }
  | { type: 'score'; key: string; threshold: number }
  | { type: 'identified' }
  | { type: 'visit'; campaign?: string; channel?: string }
  | { type: 'condition'; condition: unknown }
  | { type: 'inactivity'; days: number }
  | { type: 'manual' }
) & {
  /** an extra condition (rule vocabulary) the contact's context must meet when the event happens */
  when?: unknown;
};

export type TriggerType = Trigger['type'];

/** What happened to a visitor, as the tracking code reports it to automation. */
export type AutomationEvent =
  | { type: 'goal'; goal: string }
  | { type: 'persona'; profile: string; from: string | null; to: string | null }
  | { type: 'score'; key: string; previous: number; score: number }
  | { type: 'identified' }
  | { type: 'visit'; campaign: string | null; channel: string | null }
  /** anything else that changed the context (a view, consent, attributes): condition triggers are checked */
  | { type: 'context' };

export interface TriggerVocabulary {
  catalog: PathCatalog;
  goals: ReadonlySet<string>;
  campaigns: ReadonlySet<string>;
  personas: ReadonlySet<string>;
  profileKeys: ReadonlySet<string>;
}

export type ReentryPolicy = 'once' | 'once-per-days' | 'every-time';

export function validateTrigger(trigger: Trigger, vocabulary: TriggerVocabulary): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const unknown = (field: string, kind: string, value: string) =>
    issues.push({ path: `trigger.${field}`, message: `unknown ${kind} '${value}'` });
  switch (trigger.type) {
    case 'goal':
      if (!vocabulary.goals.has(trigger.goal)) unknown('goal', 'goal', trigger.goal);
      break;
    case 'persona':
      if (!vocabulary.personas.has(trigger.persona)) unknown('persona', 'persona', trigger.persona);
      break;
    case 'score':
      if (!vocabulary.profileKeys.has(trigger.key)) unknown('key', 'profile key', trigger.key);
      break;
    case 'visit':
      if (trigger.campaign !== undefined && !vocabulary.campaigns.has(trigger.campaign))
        unknown('campaign', 'campaign', trigger.campaign);
      if (
        trigger.channel !== undefined &&
        !(CHANNELS as readonly string[]).includes(trigger.channel)
      )
        unknown('channel', 'channel', trigger.channel);
      if (trigger.campaign === undefined && trigger.channel === undefined)
        issues.push({ path: 'trigger', message: 'a visit trigger names a campaign or a channel' });
      break;
    case 'condition':
      for (const issue of validateCondition(trigger.condition, vocabulary.catalog))
        issues.push({
          path: issue.path ? `trigger.condition.${issue.path}` : 'trigger.condition',
          message: issue.message,
        });
      break;
  }
  if (trigger.when !== undefined) {
    if (trigger.type === 'inactivity' || trigger.type === 'manual')
      issues.push({
        path: 'trigger.when',
        message: `a ${trigger.type} trigger has no event context`,
      });
    else
      for (const issue of validateCondition(trigger.when, vocabulary.catalog))
        issues.push({
          path: issue.path ? `trigger.when.${issue.path}` : 'trigger.when',
          message: issue.message,
        });
  }
  return issues;
}

export interface ActiveAutomation {
  automationId: string;
  version: number;
  trigger: Trigger;
}

interface IndexedTrigger {
  automationId: string;
  version: number;
  matches(event: AutomationEvent, read: ContextReader): boolean;
}

export type TriggerIndex = ReadonlyMap<AutomationEvent['type'], IndexedTrigger[]>;

const EVENT_TYPE_OF: Record<TriggerType, AutomationEvent['type'] | null> = {
  goal: 'goal',
  persona: 'persona',
  score: 'score',
  identified: 'identified',
  visit: 'visit',
  condition: null, // every event type
  inactivity: null,
  manual: null,
};
const EVENT_TYPES: AutomationEvent['type'][] = [
  'goal',
  'persona',
  'score',
  'identified',
  'visit',
  'context',
];

function eventTest(trigger: Trigger, catalog: PathCatalog): IndexedTrigger['matches'] {
  switch (trigger.type) {
    case 'goal':
      return (event) => event.type === 'goal' && event.goal === trigger.goal;
    case 'persona':
      // a persona matched now that was not before
      return (event) =>
        event.type === 'persona' && event.to === trigger.persona && event.from !== trigger.persona;
    case 'score':
      // the score crossed the threshold upwards
      return (event) =>
        event.type === 'score' &&
        event.key === trigger.key &&
        event.score > trigger.threshold &&
        event.previous <= trigger.threshold;
    case 'identified':
      return (event) => event.type === 'identified';
    case 'visit':
      return (event) =>
        event.type === 'visit' &&
        (trigger.campaign === undefined || event.campaign === trigger.campaign) &&
        (trigger.channel === undefined || event.channel === trigger.channel);
    case 'condition': {
      const condition = compileCondition(trigger.condition, catalog);
      return (_event, read) => condition(read);
    }
    default:
      return () => false;
  }
}

/** The index of the event triggers of the given (valid) automations. */
export function indexTriggers(automations: ActiveAutomation[], catalog: PathCatalog): TriggerIndex {
  const index = new Map<AutomationEvent['type'], IndexedTrigger[]>();
  for (const { automationId, version, trigger } of automations) {
    if (trigger.type === 'inactivity' || trigger.type === 'manual') continue;
    const test = eventTest(trigger, catalog);
    const when: CompiledCondition | null =
      trigger.when === undefined ? null : compileCondition(trigger.when, catalog);
    const entry: IndexedTrigger = {
      automationId,
      version,
      matches: when ? (event, read) => test(event, read) && when(read) : test,
    };
    const type = EVENT_TYPE_OF[trigger.type];
    for (const eventType of type ? [type] : EVENT_TYPES)
      index.set(eventType, [...(index.get(eventType) ?? []), entry]);
  }
  return index;
}

export function matchingAutomations(
  index: TriggerIndex,
  event: AutomationEvent,
  read: ContextReader
): Array<{ automationId: string; version: number }> {
  const matched: Array<{ automationId: string; version: number }> = [];
  for (const entry of index.get(event.type) ?? []) {
    if (entry.matches(event, read))
      matched.push({ automationId: entry.automationId, version: entry.version });
  }
  return matched;
}

/**
 * The unique key of an enrolment: one per contact and automation (once), per window of N days
 * (once per N days; the window also requires N days since the last enrolment), or per event
 * (every time, `nonce` unique). The database refuses a second enrolment with the same key.
 */
export function entryKey(
  policy: ReentryPolicy,
  automationId: string,
  contactId: string,
  now: number,
  days: number | null,
  nonce: string
): string {
  switch (policy) {
    case 'once':
      return `${automationId}:${contactId}`;
    case 'once-per-days':
      return `${automationId}:${contactId}:${Math.floor(now / ((days ?? 1) * MS_PER_DAY))}`;
    case 'every-time':
      return `${automationId}:${contactId}:${nonce}`;
  }
}

/** Whether an enrolment may start at `now`, given when the contact last entered (if ever). */
export function mayReenter(
  policy: ReentryPolicy,
  lastEnrolledAt: number | null,
  now: number,
  days: number | null
): boolean {
  if (lastEnrolledAt === null) return true;
  if (policy === 'once') return false;
  if (policy === 'once-per-days') return now - lastEnrolledAt >= (days ?? 1) * MS_PER_DAY;
  return true;
}
