/**
 * Automations: their definitions (drafts, published versions), the compiled triggers of the
 * active ones, and enrolment. Visitor events reach `onVisitorEvent`, which matches them in
 * memory and only queues enrolments; the queue is written in batches. A running enrollment
 * keeps the published flow version it started on.
 */
import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import type { ContextReader } from '../../core/visitor-context';
import type { RuleIssue } from '../../core/rules';
import { MAX_ENROLLMENT_HISTORY, validateFlow, type Flow } from '../../core/automation/flow';
import { compileFlow, type CompiledFlow } from '../../core/automation/planner';
import {
  entryKey,
  indexTriggers,
  matchingAutomations,
  mayReenter,
  validateTrigger,
  type AutomationEvent,
  type ReentryPolicy,
  type Trigger,
  type TriggerIndex,
  type TriggerVocabulary,
} from '../../core/automation/triggers';
import type { AutomationInput } from '../../validation/automations';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import { tableOf, toNumber, parseJson, type Row } from './sql';

export type AutomationState = 'draft' | 'active' | 'paused' | 'archived';

export interface AutomationRecord {
  documentId: string;
  name: string;
  description: string | null;
  trigger: Trigger;
  flow: Flow;
  state: AutomationState;
  reentry: ReentryPolicy;
  reentryDays: number | null;
  /** the latest published version; 0 before the first activation */
  version: number;
  updatedAt: string | null;
}

/** What the tracking code knows about the visitor when an event happens. */
export interface VisitorSnapshot {
  /** the contact's visitor id */
  contactId: string;
  /** the visitor's context, as rules read it */
  read: ContextReader;
}

interface QueuedEnrolment {
  automationId: string;
  version: number;
  contactId: string;
  at: number;
  trigger: Record<string, unknown>;
}

interface ActiveEntry {
  automationId: string;
  version: number;
  trigger: Trigger;
  reentry: ReentryPolicy;
  reentryDays: number | null;
  start: string;
}

export class AutomationProblem extends Error {
  constructor(
    message: string,
    readonly issues: RuleIssue[] = []
  ) {
    super(message);
  }
}

const MAX_QUEUE = 100_000;

export function automationOf(row: Row): AutomationRecord {
  return {
    documentId: row.documentId,
    name: row.name,
    description: row.description ?? null,
    trigger: parseJson<Trigger>(row.trigger, { type: 'manual' }),
    flow: parseJson<Flow>(row.flow, { start: '', steps: [] }),
    state: row.state,
    reentry: row.reentry ?? 'once',
    reentryDays: row.reentryDays ?? null,
    version: row.version ?? 0,
    updatedAt: row.updatedAt ? new Date(row.updatedAt).toISOString() : null,
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let index: TriggerIndex = new Map();
  let active = new Map<string, ActiveEntry>();
  /** `${automationId}:${version}` → compiled flow; versions never change once published */
  const flows = new Map<string, Promise<CompiledFlow>>();
  let queue: QueuedEnrolment[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  const settings = () => getService(strapi, 'settings').get();
  const definitions = () => getService(strapi, 'definitions').get();
  const rows = () => strapi.db.query(UIDS.automation);

  async function vocabulary(): Promise<TriggerVocabulary> {
    const defs = await definitions();
    return {
      catalog: defs.catalog,
      goals: new Set(defs.goals.keys()),
      campaigns: new Set(defs.campaigns.map((campaign) => campaign.slug)),
      personas: new Set(defs.personaNames.keys()),
      profileKeys: new Set(defs.profileOfKey.keys()),
    };
  }

  async function problemsOf(automation: Pick<AutomationRecord, 'trigger' | 'flow'>) {
    const words = await vocabulary();
    return [
      ...validateTrigger(automation.trigger, words),
      ...validateFlow(automation.flow, words).map((issue) => ({
        ...issue,
        path: `flow.${issue.path}`,
      })),
    ];
  }

  async function findRow(documentId: string): Promise<Row | null> {
    return rows().findOne({ where: { documentId } });
  }

  async function reload(): Promise<void> {
    const activeRows: Row[] = await rows().findMany({ where: { state: 'active' } });
    const versionRows: Row[] = activeRows.length
      ? await strapi.db.query(UIDS.automationVersion).findMany({
          where: {
            $or: activeRows.map((row) => ({ automationId: row.documentId, version: row.version })),
          },
        })
      : [];
    const defs = await definitions();
    const next = new Map<string, ActiveEntry>();
    for (const row of activeRows) {
      const published = versionRows.find(
        (candidate) =>
          candidate.automationId === row.documentId && candidate.version === row.version
      );
      if (!published) continue;
      const trigger = parseJson<Trigger>(published.trigger, { type: 'manual' });
      const flow = parseJson<Flow>(published.flow, { start: '', steps: [] });
      next.set(row.documentId, {
        automationId: row.documentId,
        version: row.version,
        trigger,
        reentry: row.reentry ?? 'once',
        reentryDays: row.reentryDays ?? null,
        start: flow.start,
      });
    }
    try {
      index = indexTriggers([...next.values()], defs.catalog);
    } catch (error) {
      // a definition an active trigger names was deleted since: keep the triggers that still compile
      strapi.log.warn(`[cxm] automation triggers: ${(error as Error).message}`);
      index = indexTriggers(
        [...next.values()].filter((entry) => {
          try {
            indexTriggers([entry], defs.catalog);
            return true;
          } catch {
            next.delete(entry.automationId);
            return false;
          }
        }),
        defs.catalog
      );
    }
    active = next;
    strapi.log.debug(`[cxm] automations: ${active.size} active`);
  }

  /** Tells every instance (through the definitions version) that automations changed. */
  async function changed(): Promise<void> {
    await reload();
    await getService(strapi, 'definitions').invalidate();
  }

  async function compiled(automationId: string, version: number): Promise<CompiledFlow> {
    const key = `${automationId}:${version}`;
    let flow = flows.get(key);
    if (!flow) {
      flow = (async () => {
        const row = await strapi.db
          .query(UIDS.automationVersion)
          .findOne({ where: { automationId, version } });
        if (!row) throw new Error(`automation ${automationId} has no version ${version}`);
        return compileFlow(
          parseJson<Flow>(row.flow, { start: '', steps: [] }),
          (await definitions()).catalog
        );
      })();
      flow.catch(() => flows.delete(key));
      flows.set(key, flow);
    }
    return flow;
  }

  /**
   * Writes queued enrolments: one query for the re-entry history, inserts that skip duplicates.
   * Returns the document ids it tried to insert (those that exist now were enrolled by it).
   */
  async function writeEnrolments(batch: QueuedEnrolment[]): Promise<string[]> {
    const candidates = batch.filter((entry) => active.has(entry.automationId));
    if (candidates.length === 0) return [];
    const needsHistory = candidates.filter(
      (entry) => active.get(entry.automationId)!.reentry === 'once-per-days'
    );
    const lastEnrolled = new Map<string, number>();
    if (needsHistory.length > 0) {
      const history: Row[] = await strapi.db.query(UIDS.enrollment).findMany({
        where: {
          automationId: { $in: [...new Set(needsHistory.map((entry) => entry.automationId))] },
          contactId: { $in: [...new Set(needsHistory.map((entry) => entry.contactId))] },
        },
        select: ['automationId', 'contactId', 'enrolledAt'],
      });
      for (const row of history) {
        const key = `${row.automationId}:${row.contactId}`;
        const at = new Date(row.enrolledAt).getTime();
        lastEnrolled.set(key, Math.max(lastEnrolled.get(key) ?? 0, at));
      }
    }
    const table = tableOf(strapi, UIDS.enrollment);
    const seen = new Set<string>();
    const inserts: Row[] = [];
    for (const entry of candidates) {
      const automation = active.get(entry.automationId)!;
      const pair = `${entry.automationId}:${entry.contactId}`;
      const last = lastEnrolled.get(pair) ?? null;
      if (!mayReenter(automation.reentry, last, entry.at, automation.reentryDays)) continue;
      const key = entryKey(
        automation.reentry,
        entry.automationId,
        entry.contactId,
        entry.at,
        automation.reentryDays,
        randomBytes(8).toString('hex')
      );
      if (seen.has(key)) continue;
      seen.add(key);
      lastEnrolled.set(pair, entry.at);
      inserts.push(
        table.insertRow(
          {
            automationId: entry.automationId,
            version: entry.version,
            contactId: entry.contactId,
            entryKey: key,
            state: 'active',
            currentStep: automation.start,
            stepEnteredAt: entry.at,
            position: 0,
            nextRunAt: entry.at,
            enrolledAt: new Date(entry.at),
            trigger: entry.trigger,
            history: [],
          },
          new Date(entry.at)
        )
      );
    }
    for (let start = 0; start < inserts.length; start += 200) {
      await table
        .query()
        .insert(inserts.slice(start, start + 200))
        .onConflict(table.column('entryKey'))
        .ignore();
    }
    return inserts.map((row) => row[table.column('documentId')]);
  }

  /** Writes what is queued; a failed write keeps the queue for the next attempt. */
  function flushEnrolments(): Promise<void> {
    if (flushing) return flushing.then(() => flushEnrolments());
    if (queue.length === 0) return Promise.resolve();
    const batch = queue;
    queue = [];
    flushing = writeEnrolments(batch)
      .then(() => undefined)
      .catch((error) => {
        queue = batch.concat(queue).slice(0, MAX_QUEUE);
        strapi.log.error(`[cxm] enrolments not written, will retry: ${(error as Error).message}`);
      })
      .finally(() => (flushing = undefined));
    return flushing;
  }

  async function contactIdOf(identity: {
    visitorId?: string;
    email?: string;
  }): Promise<string | null> {
    const where = identity.visitorId
      ? { visitorId: identity.visitorId }
      : { email: identity.email!.toLowerCase(), identified: true };
    let row: Row | null = await strapi.db.query(UIDS.contact).findOne({ where });
    for (let hops = 0; row?.mergedInto && hops < 5; hops++)
      row = await strapi.db.query(UIDS.contact).findOne({ where: { visitorId: row.mergedInto } });
    return row?.visitorId ?? null;
  }

  return {
    /**
     * THE entry point of visitor events: matches the event against the active automations'
     * compiled triggers (no query) and queues an enrolment for each match. Cheap enough for
     * the request path; the queue is written in batches.
     */
    onVisitorEvent(event: AutomationEvent, visitor: VisitorSnapshot, now = Date.now()): number {
      if (active.size === 0) return 0;
      const matched = matchingAutomations(index, event, visitor.read);
      for (const { automationId, version } of matched) {
        if (queue.length >= MAX_QUEUE) break;
        queue.push({
          automationId,
          version,
          contactId: visitor.contactId,
          at: now,
          trigger: event,
        });
      }
      return matched.length;
    },

    flushEnrolments,

    /** Enrols a contact at once (admin API); `enrolled` is false when the re-entry policy refuses. */
    async enrol(
      automationId: string,
      identity: { visitorId?: string; email?: string },
      now: number,
      trigger: Record<string, unknown> = { type: 'manual' }
    ): Promise<{ enrolled: boolean; contactId: string }> {
      // activated on another instance a moment ago: this one may not have heard of it yet
      if (!active.has(automationId)) await reload();
      const automation = active.get(automationId);
      if (!automation) throw new AutomationProblem('Only an active automation takes enrolments');
      const contactId = await contactIdOf(identity);
      if (!contactId) throw new AutomationProblem('No such contact');
      const [documentId] = await writeEnrolments([
        { automationId, version: automation.version, contactId, at: now, trigger },
      ]);
      const enrolled =
        !!documentId &&
        (await strapi.db.query(UIDS.enrollment).count({ where: { documentId } })) > 0;
      return { enrolled, contactId };
    },

    /** Enrols many contacts (the inactivity scan): returns how many were enrolled. */
    async enrolMany(automationId: string, contactIds: string[], now: number): Promise<number> {
      const automation = active.get(automationId);
      if (!automation) return 0;
      const attempted = await writeEnrolments(
        contactIds.map((contactId) => ({
          automationId,
          version: automation.version,
          contactId,
          at: now,
          trigger: { type: 'inactivity' },
        }))
      );
      return attempted.length;
    },

    compiled,
    reload,
    problemsOf,
    isActive: (automationId: string) => active.has(automationId),
    activeIds: () => [...active.keys()],
    activeOfType: (type: Trigger['type']) =>
      [...active.values()].filter((entry) => entry.trigger.type === type),

    async list(): Promise<AutomationRecord[]> {
      return ((await rows().findMany({ orderBy: { id: 'asc' } })) as Row[]).map(automationOf);
    },

    async find(documentId: string): Promise<AutomationRecord | null> {
      const row = await findRow(documentId);
      return row ? automationOf(row) : null;
    },

    async create(input: AutomationInput): Promise<AutomationRecord> {
      const table = tableOf(strapi, UIDS.automation);
      const row = table.insertRow(
        {
          name: input.name,
          description: input.description ?? null,
          trigger: input.trigger,
          flow: input.flow,
          state: 'draft',
          reentry: input.reentry,
          reentryDays: input.reentryDays ?? null,
          version: 0,
        },
        new Date()
      );
      await table.query().insert(row);
      return (await this.find(row[table.column('documentId')]))!;
    },

    /** Saves a draft or paused automation as it is; an active one is validated and republished. */
    async update(documentId: string, input: AutomationInput): Promise<AutomationRecord> {
      const existing = await this.find(documentId);
      if (!existing) throw new AutomationProblem('No such automation');
      if (existing.state === 'archived')
        throw new AutomationProblem('An archived automation cannot be changed');
      if (existing.state === 'active') {
        // what runs is republished at once: refuse a broken flow before anything is saved
        const issues = await problemsOf(input);
        if (issues.length > 0) throw new AutomationProblem('The automation cannot run', issues);
      }
      const data = {
        name: input.name,
        description: input.description ?? null,
        trigger: input.trigger,
        flow: input.flow,
        reentry: input.reentry,
        reentryDays: input.reentryDays ?? null,
      };
      await rows().update({ where: { documentId }, data });
      if (existing.state === 'active') return this.activate(documentId);
      return (await this.find(documentId))!;
    },

    async remove(documentId: string): Promise<boolean> {
      const existing = await this.find(documentId);
      if (!existing) return false;
      if (existing.version > 0)
        throw new AutomationProblem('An automation that ran is archived, not deleted');
      await rows().delete({ where: { documentId } });
      return true;
    },

    /**
     * Validates the automation and publishes its flow as a new version (unless the published
     * one is the same), then takes enrolments. Refuses with every problem named.
     */
    async activate(documentId: string): Promise<AutomationRecord> {
      const existing = await this.find(documentId);
      if (!existing) throw new AutomationProblem('No such automation');
      if (existing.state === 'archived')
        throw new AutomationProblem('An archived automation cannot be activated');
      const issues = await problemsOf(existing);
      if (issues.length > 0) throw new AutomationProblem('The automation cannot run', issues);
      const published: Row | null = existing.version
        ? await strapi.db
            .query(UIDS.automationVersion)
            .findOne({ where: { automationId: documentId, version: existing.version } })
        : null;
      const same =
        published &&
        JSON.stringify(parseJson(published.flow, null)) === JSON.stringify(existing.flow) &&
        JSON.stringify(parseJson(published.trigger, null)) === JSON.stringify(existing.trigger);
      const version = same ? existing.version : existing.version + 1;
      await strapi.db.transaction(async ({ trx }) => {
        if (!same) {
          const table = tableOf(strapi, UIDS.automationVersion);
          await table.query(trx).insert(
            table.insertRow(
              {
                automationId: documentId,
                version,
                trigger: existing.trigger,
                flow: existing.flow,
                activatedAt: new Date(),
              },
              new Date()
            )
          );
        }
        await rows().update({ where: { documentId }, data: { state: 'active', version } });
        // enrollments paused with the automation go on where they stopped
        const enrollments = tableOf(strapi, UIDS.enrollment);
        await enrollments
          .query(trx)
          .where(enrollments.column('automationId'), documentId)
          .andWhere(enrollments.column('state'), 'paused')
          .update(enrollments.columns({ state: 'active' }));
      });
      await changed();
      return (await this.find(documentId))!;
    },

    /** Paused: no enrolments, running enrollments are paused where they are; archived: they exit. */
    async setState(documentId: string, state: 'paused' | 'archived', now: number) {
      const existing = await this.find(documentId);
      if (!existing) throw new AutomationProblem('No such automation');
      if (state === 'paused' && existing.state !== 'active')
        throw new AutomationProblem('Only an active automation can be paused');
      const table = tableOf(strapi, UIDS.enrollment);
      await strapi.db.transaction(async ({ trx }) => {
        await table
          .query(trx)
          .where(table.column('automationId'), documentId)
          .whereIn(table.column('state'), ['active', 'paused'])
          .update(
            table.columns(
              state === 'archived'
                ? { state: 'exited', endedAt: now, lastError: 'automation archived' }
                : { state: 'paused' }
            )
          );
        await rows().update({ where: { documentId }, data: { state } });
      });
      await changed();
      return (await this.find(documentId))!;
    },

    /**
     * Runs a waiting enrolment's wait out now, as if its time had passed (a wait ends, a
     * wait-until takes its condition or its timeout path): for trying a flow, or the demo, without
     * waiting days. Compare-and-set on the enrolment, so a tick that runs it meanwhile wins.
     */
    async skipWait(documentId: string, enrollmentId: string, now: number) {
      const row: Row | null = await strapi.db
        .query(UIDS.enrollment)
        .findOne({ where: { documentId: enrollmentId, automationId: documentId } });
      if (!row) throw new AutomationProblem('No such enrolment');
      const nextRunAt = toNumber(row.nextRunAt);
      const stepEnteredAt = toNumber(row.stepEnteredAt) ?? now;
      const step = (await compiled(row.automationId, row.version)).steps.get(row.currentStep);
      if (row.state !== 'active' || !step || (step.type !== 'wait' && step.type !== 'wait-until'))
        throw new AutomationProblem('Only an active enrolment at a wait step can skip its wait');
      if (nextRunAt === null || nextRunAt <= now)
        throw new AutomationProblem('The enrolment is due already: the next tick runs it');
      const history = parseJson<unknown[]>(row.history, []);
      history.push({ step: row.currentStep, result: 'wait skipped', at: now });
      const table = tableOf(strapi, UIDS.enrollment);
      const updated = await table
        .query()
        .where(table.column('id'), row.id)
        .andWhere(table.column('nextRunAt'), row.nextRunAt)
        .andWhere(table.column('currentStep'), row.currentStep)
        .update(
          table.columns({
            stepEnteredAt: stepEnteredAt - (nextRunAt - now),
            nextRunAt: now,
            history: history.slice(-MAX_ENROLLMENT_HISTORY),
            updatedAt: new Date(now),
          })
        );
      if (!updated) throw new AutomationProblem('The enrolment moved on meanwhile: reload it');
      return { documentId: enrollmentId, currentStep: row.currentStep, nextRunAt: now };
    },

    /** Live counts of one automation. */
    async stats(documentId: string) {
      const enrollments = tableOf(strapi, UIDS.enrollment);
      const logs = tableOf(strapi, UIDS.stepLog);
      const interactions = tableOf(strapi, UIDS.interaction);
      const e = enrollments.column.bind(enrollments);
      const byState: Row[] = await enrollments
        .query()
        .where(e('automationId'), documentId)
        .groupBy(e('state'))
        .select(`${e('state')} as state`)
        .count({ n: '*' });
      const waiting: Row[] = await enrollments
        .query()
        .where(e('automationId'), documentId)
        .andWhere(e('state'), 'active')
        .groupBy(e('currentStep'))
        .select(`${e('currentStep')} as step`)
        .count({ n: '*' });
      // the effect steps (e-mail, webhook, points, attribute, exit) log each contact they handled
      const passed: Row[] = await logs
        .query()
        .where(logs.column('automationId'), documentId)
        .whereIn(logs.column('status'), ['done', 'sent', 'skipped'])
        .groupBy(logs.column('step'))
        .select(`${logs.column('step')} as step`)
        .count({ n: '*' });
      const emails: Row[] = await logs
        .query()
        .where(logs.column('automationId'), documentId)
        .andWhere(logs.column('type'), 'email')
        .groupBy(logs.column('status'))
        .select(`${logs.column('status')} as status`)
        .count({ n: '*' });
      // engagement value the enrolled contacts reached (goals) after they were enrolled
      const value: Row | undefined = await strapi.db
        .connection({ i: interactions.name })
        .join(
          { en: enrollments.name },
          `en.${e('contactId')}`,
          `i.${interactions.column('contactId')}`
        )
        .where(`en.${e('automationId')}`, documentId)
        .andWhere(`i.${interactions.column('type')}`, 'goal')
        .andWhere(
          `i.${interactions.column('occurredAt')}`,
          '>=',
          strapi.db.connection.ref(`en.${e('enrolledAt')}`)
        )
        .sum({ value: `i.${interactions.column('points')}` })
        .first();
      const count = (list: Row[], field: string, name: string) =>
        Number(list.find((row) => row[field] === name)?.n ?? 0);
      return {
        enrolled: byState.reduce((sum, row) => sum + Number(row.n), 0),
        active: count(byState, 'state', 'active'),
        paused: count(byState, 'state', 'paused'),
        completed: count(byState, 'state', 'completed'),
        exited: count(byState, 'state', 'exited'),
        failed: count(byState, 'state', 'failed'),
        waitingPerStep: Object.fromEntries(waiting.map((row) => [row.step, Number(row.n)])),
        /** effect step id → contacts it was carried out (or skipped) for */
        passedPerStep: Object.fromEntries(passed.map((row) => [row.step, Number(row.n)])),
        emails: {
          sent: count(emails, 'status', 'sent'),
          skipped: count(emails, 'status', 'skipped'),
          failed: count(emails, 'status', 'failed'),
          retrying: count(emails, 'status', 'retry'),
          unknown: count(emails, 'status', 'unknown'),
        },
        valueAfterEnrolment: toNumber(value?.value) ?? 0,
      };
    },

    async enrollments(where: Row, page: number, pageSize: number) {
      const query = strapi.db.query(UIDS.enrollment);
      const [list, total] = await Promise.all([
        query.findMany({
          where,
          orderBy: { id: 'desc' },
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }) as Promise<Row[]>,
        query.count({ where }),
      ]);
      return {
        results: list.map((row) => ({
          documentId: row.documentId,
          automationId: row.automationId,
          version: row.version,
          contactId: row.contactId,
          state: row.state,
          currentStep: row.currentStep,
          nextRunAt: toNumber(row.nextRunAt),
          enrolledAt: row.enrolledAt ? new Date(row.enrolledAt).toISOString() : null,
          endedAt: toNumber(row.endedAt),
          lastError: row.lastError ?? null,
          history: parseJson(row.history, []),
        })),
        pagination: { page, pageSize, total },
      };
    },

    contactIdOf,

    /**
     * The enrolments of one contact (a merged device resolves to the person); null for an unknown
     * contact. Pending tracking writes go first, as the contact's detail does: a visitor seen a
     * moment ago has a contact row by then.
     */
    async enrollmentsOfContact(visitorId: string, where: Row, page: number, pageSize: number) {
      await getService(strapi, 'tracking').flush();
      const contactId = await contactIdOf({ visitorId });
      return contactId ? this.enrollments({ ...where, contactId }, page, pageSize) : null;
    },

    /** What automation stored about these contacts, for their own export: enrolments and executed steps. */
    async exportContacts(visitorIds: string[]) {
      const rowsOf = (uid: typeof UIDS.enrollment | typeof UIDS.stepLog) =>
        strapi.db
          .query(uid)
          .findMany({ where: { contactId: { $in: visitorIds } }, orderBy: { id: 'asc' } });
      const [enrollments, steps] = await Promise.all([
        rowsOf(UIDS.enrollment),
        rowsOf(UIDS.stepLog),
      ]);
      return { enrollments, steps };
    },

    /**
     * Erases what automation stored about these contacts (a contact and the devices merged into
     * it): enrollments, step logs, the tracked links sent to them. Returns the rows deleted.
     */
    async eraseContacts(visitorIds: string[]): Promise<number> {
      if (visitorIds.length === 0) return 0;
      let deleted = 0;
      await strapi.db.transaction(async ({ trx }) => {
        for (const uid of [UIDS.enrollment, UIDS.stepLog, UIDS.trackedLink]) {
          const table = tableOf(strapi, uid);
          deleted += await table.query(trx).whereIn(table.column('contactId'), visitorIds).delete();
        }
      });
      return deleted;
    },

    /** The unsubscribe link of an e-mail: the contact's e-mail consent is withdrawn. */
    async unsubscribe(token: string, now: number): Promise<boolean> {
      const link = await getService(strapi, 'tracked-links').resolve(token, now, 'unsubscribe');
      const contactId = link?.contactId ? await contactIdOf({ visitorId: link.contactId }) : null;
      if (!contactId) return false;
      const contacts = tableOf(strapi, UIDS.contact);
      const interactions = tableOf(strapi, UIDS.interaction);
      await strapi.db.transaction(async ({ trx }) => {
        let query = contacts.query(trx).where(contacts.column('visitorId'), contactId);
        if (strapi.db.dialect.client !== 'sqlite') query = query.forUpdate();
        const row: Row | undefined = await query.first();
        const attributes = { ...parseJson<Row>(row?.[contacts.column('attributes')], {}) };
        attributes.emailConsent = false;
        await contacts
          .query(trx)
          .where(contacts.column('visitorId'), contactId)
          .update(contacts.columns({ attributes, updatedAt: new Date(now) }));
        await interactions.query(trx).insert(
          interactions.insertRow(
            {
              contactId,
              type: 'automation',
              occurredAt: new Date(now),
              data: { action: 'unsubscribe' },
            },
            new Date(now)
          )
        );
      });
      return true;
    },

    async start(): Promise<void> {
      await reload();
      getService(strapi, 'definitions').onRemoteChange(reload);
      timer = setInterval(() => void flushEnrolments(), settings().automation.enrolmentFlushMs);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await flushEnrolments();
    },
  };
};
