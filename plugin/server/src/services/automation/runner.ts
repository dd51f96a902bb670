/**
 * Runs claimed enrollments: each goes through its flow until it has to wait, ends, or fails.
 * Every executed step gets a step-log row whose unique key (enrollment, step, rotation) is the
 * idempotency key of its side effect:
 *
 * - Steps without an outside effect (wait over, condition, split, exit, points, attribute) are
 *   committed in one transaction per batch together with their contact changes and the
 *   enrollments' new positions: all or nothing, so a crash repeats them without a trace.
 * - An e-mail or webhook first commits an `intent` row, then sends, then records `sent`,
 *   `retry` (with backoff) or `failed`; sends go in groups of `sendConcurrency` (one commit
 *   for the group's intents, one for its outcomes), and one group at a time is in flight. A worker that finds an intent row it did not write
 *   (its writer died between the intent and the outcome) cannot know whether the message went
 *   out; it marks the step `unknown` and moves on without sending: a message is never sent
 *   twice, and the rare unknown outcome is logged, counted and shown, never silently lost.
 *   A refused insert of the intent row (the key exists) means someone else owns the send.
 */
import type { Core } from '@strapi/strapi';
import { createHmac } from 'node:crypto';
import { createContextReader, type ContextSnapshot } from '../../core/visitor-context';
import {
  afterEffect,
  planStep,
  type CompiledFlow,
  type EffectStep,
} from '../../core/automation/planner';
import { linkTargets, renderTemplate } from '../../core/automation/template';
import { MAX_ENROLLMENT_HISTORY } from '../../core/automation/flow';
import {
  afterFailure,
  isPermanentHttpFailure,
  isPermanentSmtpFailure,
  retryDelayMs,
} from '../../core/automation/retry';
import type { Knex } from 'knex';
import type { Definitions } from '../definitions';
import type { NewLink } from './tracked-links';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import { parseJson, tableOf, toNumber, type Row } from './sql';

/** Steps one enrollment runs in one go at most; a loop always passes a wait, so this is a guard. */
const MAX_STEPS_PER_RUN = 50;
/** How soon an enrollment whose send another worker holds is looked at again. */
const BUSY_RETRY_MS = 60_000;
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface BatchResult {
  enrollments: number;
  steps: number;
  emails: number;
  failed: number;
}

interface Contact {
  row: Row | null;
  snapshot: ContextSnapshot;
  timeZone: string | null;
}

interface ContactChange {
  points: number;
  goals: Array<{ slug: string; at: number }>;
  attributes: Record<string, unknown>;
}

/** What one enrollment's run writes in the batch transaction. */
interface RunWrites {
  enrollment: Row;
  logs: Row[];
  interactions: Row[];
  changes: Map<string, ContactChange>;
  update: Row;
  steps: number;
  emails: number;
  failed: boolean;
}

type EffectResult =
  | { kind: 'done'; status: 'done' | 'skipped'; outcome: Record<string, unknown>; sent?: boolean }
  | { kind: 'logged'; sent: boolean } // the step log row is written already (e-mail, webhook)
  | { kind: 'wait'; until: number }
  | { kind: 'failed'; error: string };

class LostClaim extends Error {}

interface SendRequest {
  /** the step log key: the idempotency key of the send */
  key: string;
  base: Row;
  /** tracked links the message carries, stored with its intent */
  links: Array<NewLink & { token: string }>;
  send(): Promise<void>;
  /** whether an error of `send` will not go away when tried again */
  permanent(error: any): boolean;
  attempts: number;
  resolve(result: EffectResult): void;
  reject(error: unknown): void;
}

type Sender = {
  submit(request: Omit<SendRequest, 'resolve' | 'reject' | 'attempts'>): Promise<EffectResult>;
};

const emptyVisit = {
  number: 0,
  pageCount: 0,
  value: 0,
  goals: [],
  channel: null,
  campaign: null,
  referrer: null,
  utm: {},
  geo: null,
  device: null,
  os: null,
  browser: null,
  languages: [],
};

const objectOr = <T>(value: unknown, fallback: T): T => {
  const parsed = parseJson<unknown>(value, fallback);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as T) : fallback;
};

function snapshotOf(row: Row | null, visit: Row | null, defs: Definitions, now: number): Contact {
  const geo = visit ? objectOr<Record<string, unknown> | null>(visit.geo, null) : null;
  return {
    row,
    timeZone: typeof geo?.timeZone === 'string' ? geo.timeZone : null,
    snapshot: {
      now,
      profiles: defs.profiles,
      contact: {
        identified: !!row?.identified,
        consent: row?.consent ?? null,
        profiles: objectOr(row?.profiles, {}),
        personas: objectOr(row?.personas, {}),
        goals: objectOr(row?.goals, {}),
        engagementValue: row?.engagementValue ?? 0,
        attributes: objectOr(row?.attributes, {}),
      },
      visit: visit
        ? {
            number: visit.number ?? 1,
            pageCount: visit.pageCount ?? 0,
            value: visit.value ?? 0,
            goals: parseJson<string[]>(visit.goals, []),
            channel: visit.channel ?? null,
            campaign: visit.campaign ?? null,
            referrer: visit.referrer ?? null,
            utm: objectOr(visit.utm, {}),
            geo,
            device: visit.device ?? null,
            os: visit.os ?? null,
            browser: visit.browser ?? null,
            languages: visit.language ? [visit.language] : [],
          }
        : emptyVisit,
    },
  };
}

/** Whether the contact may receive marketing e-mail: an address, tracking consent, and e-mail consent. */
function emailRefusal(contact: Contact): string | null {
  if (!contact.row) return 'the contact no longer exists';
  if (!contact.row.email) return 'no e-mail address';
  if (contact.row.consent === 'none') return 'no consent (tracking refused)';
  if (contact.snapshot.contact.attributes.emailConsent !== true) return 'no consent to e-mail';
  return null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();
  const links = () => getService(strapi, 'tracked-links');
  const logTable = () => tableOf(strapi, UIDS.stepLog);

  async function loadContacts(ids: string[], defs: Definitions, now: number) {
    const found = new Map<string, Row>();
    let wanted = [...new Set(ids)];
    const alias = new Map<string, string>(); // enrolled id → surviving contact after a merge
    for (let hops = 0; wanted.length > 0 && hops < 5; hops++) {
      const rows: Row[] = await strapi.db
        .query(UIDS.contact)
        .findMany({ where: { visitorId: { $in: wanted } } });
      wanted = [];
      for (const row of rows) {
        found.set(row.visitorId, row);
        if (row.mergedInto) {
          alias.set(row.visitorId, row.mergedInto);
          if (!found.has(row.mergedInto)) wanted.push(row.mergedInto);
        }
      }
    }
    const resolve = (id: string) => {
      let current = id;
      for (let hops = 0; alias.has(current) && hops < 5; hops++) current = alias.get(current)!;
      return found.get(current) ?? null;
    };
    const survivors = ids.map(resolve).filter((row): row is Row => !!row);
    const visitKeys = [
      ...new Set(survivors.map((row) => row.currentVisitKey).filter((key) => !!key)),
    ];
    const visits: Row[] = visitKeys.length
      ? await strapi.db.query(UIDS.visit).findMany({ where: { visitKey: { $in: visitKeys } } })
      : [];
    const visitOf = new Map(visits.map((visit) => [visit.visitKey, visit]));
    const contacts = new Map<string, Contact>();
    for (const id of new Set(ids)) {
      const row = resolve(id);
      const shared = row ? contacts.get(row.visitorId) : undefined;
      contacts.set(
        id,
        shared ??
          snapshotOf(row, row ? (visitOf.get(row.currentVisitKey) ?? null) : null, defs, now)
      );
      if (row && !shared) contacts.set(row.visitorId, contacts.get(id)!);
    }
    return contacts;
  }

  async function updateLog(
    key: string,
    fromStatus: string,
    values: Row,
    extra: Row = {},
    trx?: Knex.Transaction
  ) {
    const t = logTable();
    let query = t.query(trx).where(t.column('key'), key).andWhere(t.column('status'), fromStatus);
    for (const [attribute, value] of Object.entries(extra))
      query = query.andWhere(t.column(attribute), value);
    return query.update(t.columns({ ...values, updatedAt: new Date() }));
  }

  /**
   * The intent protocol of outside effects (see the module comment), in groups of up to
   * `sendConcurrency` sends: one transaction writes the group's intent rows (and the tracked
   * links its e-mails carry), the sends run side by side, one transaction records the outcomes.
   * At most one group is in flight, so a crash leaves at most that many outcomes unknown.
   */
  function createSender(now: number) {
    const { maxAttempts, retryBaseMs, sendConcurrency } = settings().automation;
    const queue: SendRequest[] = [];
    let draining: Promise<void> | undefined;

    async function claimIntents(group: SendRequest[]): Promise<SendRequest[]> {
      const t = logTable();
      const mine = new Map<string, string>();
      const rows = group.map((request) => {
        const row = t.insertRow(
          { ...request.base, key: request.key, status: 'intent', attempts: 1, at: now },
          new Date(now)
        );
        mine.set(request.key, row[t.column('documentId')]);
        return row;
      });
      await strapi.db.transaction(async ({ trx }) => {
        await t.query(trx).insert(rows).onConflict(t.column('key')).ignore();
        await links().ensure(
          group.flatMap((request) => request.links),
          now,
          trx
        );
      });
      const stored: Row[] = await strapi.db
        .query(UIDS.stepLog)
        .findMany({ where: { key: { $in: group.map((request) => request.key) } } });
      const byKey = new Map(stored.map((row) => [row.key, row]));
      const toSend: SendRequest[] = [];
      for (const request of group) {
        const existing = byKey.get(request.key)!;
        if (existing.documentId === mine.get(request.key)) {
          toSend.push(request);
          continue;
        }
        switch (existing.status) {
          case 'sent':
          case 'done':
          case 'skipped':
          case 'unknown':
            request.resolve({ kind: 'logged', sent: false });
            break;
          case 'failed':
            request.resolve({ kind: 'failed', error: existing.error ?? 'failed' });
            break;
          case 'retry': {
            const retryAt = toNumber(existing.retryAt) ?? 0;
            if (retryAt > now) {
              request.resolve({ kind: 'wait', until: retryAt });
              break;
            }
            request.attempts = (existing.attempts ?? 0) + 1;
            const taken = await updateLog(
              request.key,
              'retry',
              { status: 'intent', attempts: request.attempts, at: now },
              { attempts: existing.attempts }
            );
            if (taken === 1) toSend.push(request);
            else request.resolve({ kind: 'wait', until: now + BUSY_RETRY_MS });
            break;
          }
          case 'intent': {
            // Written by a worker that stopped before it recorded the outcome (this one holds
            // the claim now): the message may or may not have gone out. Never send it again.
            const marked = await updateLog(request.key, 'intent', {
              status: 'unknown',
              error: 'the sending worker stopped before it recorded the outcome; not sent again',
            });
            if (marked === 1)
              strapi.log.warn(
                `[cxm] automation step ${request.key}: outcome unknown, not sent again`
              );
            request.resolve({ kind: 'logged', sent: false });
            break;
          }
        }
      }
      return toSend;
    }

    async function sendGroup(group: SendRequest[]) {
      const toSend = await claimIntents(group);
      const outcomes = await Promise.allSettled(toSend.map((request) => request.send()));
      const results: EffectResult[] = [];
      await strapi.db.transaction(async ({ trx }) => {
        const sent: string[] = [];
        for (const [index, request] of toSend.entries()) {
          const outcome = outcomes[index];
          if (outcome.status === 'fulfilled') {
            sent.push(request.key);
            results[index] = { kind: 'logged', sent: true };
            continue;
          }
          const error = outcome.reason;
          const message = String((error as Error)?.message ?? error).slice(0, 480);
          if (afterFailure(request.attempts, maxAttempts, request.permanent(error)) === 'failed') {
            await updateLog(request.key, 'intent', { status: 'failed', error: message }, {}, trx);
            results[index] = { kind: 'failed', error: message };
            continue;
          }
          const retryAt = now + retryDelayMs(request.attempts, retryBaseMs, Math.random());
          await updateLog(
            request.key,
            'intent',
            { status: 'retry', retryAt, error: message },
            {},
            trx
          );
          results[index] = { kind: 'wait', until: retryAt };
        }
        if (sent.length === 0) return;
        const t = logTable();
        const recorded = await t
          .query(trx)
          .whereIn(t.column('key'), sent)
          .andWhere(t.column('status'), 'intent')
          .update(t.columns({ status: 'sent', error: null, updatedAt: new Date() }));
        if (recorded !== sent.length)
          strapi.log.warn(
            `[cxm] automation: ${sent.length - recorded} sends were marked by another worker first`
          );
      });
      toSend.forEach((request, index) => request.resolve(results[index]));
    }

    async function drain() {
      while (queue.length > 0) {
        const group = queue.splice(0, sendConcurrency);
        try {
          await sendGroup(group);
        } catch (error) {
          for (const request of group) request.reject(error);
        }
      }
      draining = undefined;
    }

    return {
      /** Queues a send; groups form from what the batch's enrollments ask for in the same turn. */
      submit(request: Omit<SendRequest, 'resolve' | 'reject' | 'attempts'>): Promise<EffectResult> {
        return new Promise((resolve, reject) => {
          queue.push({ ...request, attempts: 1, resolve, reject });
          draining ??= new Promise<void>((started) => setImmediate(started)).then(drain);
        });
      },
    };
  }

  function messageIdOf(key: string): string {
    const host = (() => {
      try {
        return new URL(links().urlOf('x')).hostname || 'cxm.invalid';
      } catch {
        return 'cxm.invalid';
      }
    })();
    return `<cxm.${key.replace(/[^A-Za-z0-9_-]/g, '.')}@${host}>`;
  }

  async function sendEmail(
    step: Extract<EffectStep, { type: 'email' }>,
    key: string,
    base: Row,
    contact: Contact,
    defs: Definitions,
    sender: Sender
  ): Promise<EffectResult> {
    const refusal = emailRefusal(contact);
    if (refusal) return { kind: 'done', status: 'skipped', outcome: { skipped: refusal } };
    const row = contact.row!;
    const read = createContextReader(contact.snapshot);
    const personaSlug = (read('persona') as string[] | undefined)?.[0];
    const topKey = read('topKey') as string | undefined;
    const attributes = contact.snapshot.contact.attributes;
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    const tokens = {
      firstName: text(attributes.firstName),
      lastName: text(attributes.lastName),
      email: row.email,
      persona: personaSlug ? (defs.personaNames.get(personaSlug) ?? null) : null,
      topInterest: topKey ? (defs.keyNames.get(topKey) ?? null) : null,
    };
    const service = links();
    const targets = linkTargets([step.subject, step.text, step.html ?? ''].join('\n'));
    const linkTokens = new Map(targets.map((url) => [url, service.tokenFor(`${key}:link:${url}`)]));
    const unsubscribeToken = service.tokenFor(`${key}:unsubscribe`);
    const values = {
      values: tokens,
      link: (url: string) => service.urlOf(linkTokens.get(url)!),
      unsubscribe: service.urlOf(unsubscribeToken, 'unsubscribe'),
    };
    const automationId = base.automationId;
    return sender.submit({
      key,
      base,
      permanent: isPermanentSmtpFailure,
      links: [
        ...targets.map((url) => ({
          token: linkTokens.get(url)!,
          url,
          campaign: step.campaign ?? null,
          contactId: row.visitorId,
          automationId,
        })),
        {
          token: unsubscribeToken,
          purpose: 'unsubscribe' as const,
          contactId: row.visitorId,
          automationId,
          expiresAt: null,
        },
      ],
      async send() {
        const email = strapi.plugin('email')?.service('email');
        if (!email) throw new Error("Strapi's email plugin is not available");
        const messageId = messageIdOf(key);
        const from = settings().automation.from;
        await email.send({
          to: row.email,
          ...(from ? { from } : {}),
          subject: renderTemplate(step.subject, 'text', values).replace(/[\r\n]+/g, ' '),
          text: renderTemplate(step.text, 'text', values),
          ...(step.html ? { html: renderTemplate(step.html, 'html', values) } : {}),
          messageId,
          headers: {
            'List-Unsubscribe': `<${values.unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        });
      },
    });
  }

  function webhookSecret(): string {
    return (
      settings().automation.webhookSecret ??
      createHmac('sha256', settings().secret).update('cxm automation webhooks').digest('base64url')
    );
  }

  async function callWebhook(
    step: Extract<EffectStep, { type: 'webhook' }>,
    key: string,
    base: Row,
    contact: Contact,
    sender: Sender
  ): Promise<EffectResult> {
    const body = JSON.stringify({
      event: 'cxm.automation.step',
      automation: base.automationId,
      step: step.id,
      enrollment: base.enrollmentId,
      contact: {
        email: contact.row?.email ?? null,
        externalId: contact.row?.externalId ?? null,
        // in a fixed order: a retry sends the same bytes (PostgreSQL's jsonb reorders keys)
        attributes: Object.fromEntries(
          Object.entries(contact.snapshot.contact.attributes).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0
          )
        ),
      },
      data: step.body ?? {},
    });
    return sender.submit({
      key,
      base,
      links: [],
      permanent: (error) => isPermanentHttpFailure(error?.status),
      async send() {
        const timestamp = Math.floor(Date.now() / 1000);
        const signature = createHmac('sha256', webhookSecret())
          .update(`${timestamp}.${body}`)
          .digest('hex');
        const response = await fetch(step.url, {
          method: 'POST',
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
          headers: {
            'Content-Type': 'application/json',
            'X-CXM-Signature': `t=${timestamp},v1=${signature}`,
            'X-CXM-Idempotency-Key': key,
          },
        });
        if (!response.ok) {
          const error = new Error(`webhook answered HTTP ${response.status}`) as Error & {
            status?: number;
          };
          error.status = response.status;
          throw error;
        }
      },
    });
  }

  function changeOf(writes: RunWrites, contactId: string): ContactChange {
    let change = writes.changes.get(contactId);
    if (!change) {
      change = { points: 0, goals: [], attributes: {} };
      writes.changes.set(contactId, change);
    }
    return change;
  }

  /** Runs one enrollment from its current step until it waits, ends or fails. */
  async function advance(
    enrollment: Row,
    contact: Contact,
    flow: CompiledFlow,
    defs: Definitions,
    now: number,
    sender: Sender
  ): Promise<RunWrites> {
    const history: Row[] = parseJson<Row[]>(enrollment.history, []);
    const writes: RunWrites = {
      enrollment,
      logs: [],
      interactions: [],
      changes: new Map(),
      update: {},
      steps: 0,
      emails: 0,
      failed: false,
    };
    let stepId: string | null = enrollment.currentStep;
    let enteredAt = toNumber(enrollment.stepEnteredAt) ?? now;
    let position: number = enrollment.position ?? 0;
    const contactId = contact.row?.visitorId ?? enrollment.contactId;
    const base = (step: string, type: string) => ({
      enrollmentId: enrollment.documentId,
      step,
      rotation: position,
      automationId: enrollment.automationId,
      contactId,
      type,
    });
    const keyOf = (step: string) => `${enrollment.documentId}:${step}:${position}`;
    const logDone = (step: string, type: string, status: string, outcome: Row) => {
      writes.logs.push(
        logTable().insertRow(
          { ...base(step, type), key: keyOf(step), status, outcome, attempts: 0, at: now },
          new Date(now)
        )
      );
    };
    const record = (type: string, data: Row, extra: Row = {}) =>
      writes.interactions.push(
        tableOf(strapi, UIDS.interaction).insertRow(
          { contactId, type, occurredAt: new Date(now), data, ...extra },
          new Date(now)
        )
      );
    const moveTo = (next: string | null, result: string, step: string) => {
      history.push({ step, result, at: now });
      stepId = next;
      enteredAt = now;
      position += 1;
      writes.steps += 1;
    };
    let end: { state: string; error?: string } | null = null;
    let nextRunAt = now;

    for (let count = 0; ; count++) {
      if (stepId === null) {
        end = { state: 'completed' };
        break;
      }
      if (count >= MAX_STEPS_PER_RUN) break; // carry on at the next tick
      const plan = planStep(flow, stepId, {
        now,
        enteredAt,
        read: createContextReader({ ...contact.snapshot, now }),
        timeZone: contact.timeZone,
        contactId,
        automationId: enrollment.automationId,
      });
      if (plan.kind === 'wait') {
        nextRunAt = plan.until;
        break;
      }
      const step = flow.steps.get(stepId)!;
      if (plan.kind === 'next') {
        logDone(step.id, step.type, 'done', { result: plan.result });
        moveTo(plan.next, plan.result, step.id);
        continue;
      }
      if (plan.kind === 'exit') {
        logDone(step.id, step.type, 'done', { result: 'exit' });
        history.push({ step: step.id, result: 'exit', at: now });
        writes.steps += 1;
        position += 1;
        end = { state: 'exited' };
        break;
      }
      const effect = plan.step;
      let result: EffectResult;
      switch (effect.type) {
        case 'email':
          result = await sendEmail(
            effect,
            keyOf(effect.id),
            base(effect.id, 'email'),
            contact,
            defs,
            sender
          );
          if (result.kind === 'logged' && result.sent) writes.emails += 1;
          if (result.kind === 'logged' && result.sent)
            record('email', {
              automation: enrollment.automationId,
              step: effect.id,
              subject: effect.subject,
            });
          if (result.kind === 'done')
            record('automation', {
              automation: enrollment.automationId,
              step: effect.id,
              action: 'email',
              ...result.outcome,
            });
          break;
        case 'webhook':
          result = await callWebhook(
            effect,
            keyOf(effect.id),
            base(effect.id, 'webhook'),
            contact,
            sender
          );
          break;
        case 'points': {
          const goal = effect.goal ? defs.goals.get(effect.goal) : undefined;
          const points = (effect.points ?? 0) + (goal?.points ?? 0);
          const change = changeOf(writes, contactId);
          change.points += points;
          if (goal) change.goals.push({ slug: goal.slug, at: now });
          // the rest of this run reads the new value
          const state = contact.snapshot.contact;
          state.engagementValue += points;
          if (goal)
            state.goals[goal.slug] = {
              count: (state.goals[goal.slug]?.count ?? 0) + 1,
              lastAt: now,
            };
          record(
            'automation',
            { automation: enrollment.automationId, step: effect.id, action: 'points' },
            { points, goal: goal?.slug ?? null }
          );
          result = { kind: 'done', status: 'done', outcome: { points, goal: goal?.slug ?? null } };
          break;
        }
        case 'attribute': {
          changeOf(writes, contactId).attributes[effect.name] = effect.value;
          contact.snapshot.contact.attributes[effect.name] = effect.value;
          record('automation', {
            automation: enrollment.automationId,
            step: effect.id,
            action: 'attribute',
            name: effect.name,
          });
          result = { kind: 'done', status: 'done', outcome: { [effect.name]: effect.value } };
          break;
        }
      }
      if (result.kind === 'wait') {
        nextRunAt = result.until;
        break;
      }
      if (result.kind === 'failed') {
        history.push({ step: effect.id, result: 'failed', at: now });
        end = { state: 'failed', error: result.error };
        writes.failed = true;
        break;
      }
      if (result.kind === 'done') logDone(effect.id, effect.type, result.status, result.outcome);
      const outcome = result.kind === 'done' ? result.status : result.sent ? 'sent' : 'done before';
      moveTo(afterEffect(effect), outcome, effect.id);
    }

    writes.update = {
      currentStep: end ? (end.state === 'completed' ? null : stepId) : stepId,
      stepEnteredAt: enteredAt,
      position,
      state: end?.state ?? 'active',
      nextRunAt: end ? null : nextRunAt,
      endedAt: end ? now : null,
      lastError: end?.error?.slice(0, 480) ?? null,
      history: history.slice(-MAX_ENROLLMENT_HISTORY),
      claimedBy: null,
      claimedUntil: null,
    };
    return writes;
  }

  /** Writes the runs of a batch: step logs, contact changes, timeline, enrollments. */
  async function commit(runs: RunWrites[], owner: string): Promise<void> {
    const logs = logTable();
    const interactions = tableOf(strapi, UIDS.interaction);
    const enrollments = tableOf(strapi, UIDS.enrollment);
    const contacts = tableOf(strapi, UIDS.contact);
    await strapi.db.transaction(async ({ trx }) => {
      const allLogs = runs.flatMap((run) => run.logs);
      for (let start = 0; start < allLogs.length; start += 200)
        await logs.query(trx).insert(allLogs.slice(start, start + 200));
      const allInteractions = runs.flatMap((run) => run.interactions);
      for (let start = 0; start < allInteractions.length; start += 200)
        await interactions.query(trx).insert(allInteractions.slice(start, start + 200));
      const changes = new Map<string, ContactChange>();
      for (const run of runs)
        for (const [contactId, change] of run.changes) {
          const total = changes.get(contactId) ?? { points: 0, goals: [], attributes: {} };
          total.points += change.points;
          total.goals.push(...change.goals);
          Object.assign(total.attributes, change.attributes);
          changes.set(contactId, total);
        }
      for (const [contactId, change] of changes) {
        let query = contacts.query(trx).where(contacts.column('visitorId'), contactId);
        if (strapi.db.dialect.client !== 'sqlite') query = query.forUpdate();
        const row: Row | undefined = await query.first();
        if (!row) continue;
        const goals = objectOr<Record<string, { count: number; lastAt: number }>>(
          row[contacts.column('goals')],
          {}
        );
        for (const { slug, at } of change.goals)
          goals[slug] = { count: (goals[slug]?.count ?? 0) + 1, lastAt: at };
        const attributes = {
          ...objectOr<Row>(row[contacts.column('attributes')], {}),
          ...change.attributes,
        };
        await contacts
          .query(trx)
          .where(contacts.column('visitorId'), contactId)
          .update({
            ...contacts.columns({ goals, attributes }),
            [contacts.column('engagementValue')]: strapi.db.connection.raw('?? + ?', [
              contacts.column('engagementValue'),
              change.points,
            ]),
            // a new version: an instance holding this contact re-applies its own changes onto
            // this row (compare-and-set) instead of writing over the automation's
            [contacts.column('version')]: strapi.db.connection.raw('COALESCE(??, 0) + 1', [
              contacts.column('version'),
            ]),
          });
      }
      for (const run of runs) {
        const updated = await enrollments
          .query(trx)
          .where(enrollments.column('id'), run.enrollment.id)
          .andWhere(enrollments.column('claimedBy'), owner)
          .update(enrollments.columns({ ...run.update, updatedAt: new Date() }));
        if (updated !== 1)
          throw new LostClaim(`enrollment ${run.enrollment.documentId} was taken over`);
      }
    });
  }

  return {
    /**
     * Runs claimed enrollments at `now`: several at once (sends overlap), then one commit.
     * A commit that fails (a claim lost, a duplicate step) is retried one enrollment at a time.
     */
    async runBatch(claimed: Row[], now: number, owner: string): Promise<BatchResult> {
      const defs = await getService(strapi, 'definitions').get();
      const contacts = await loadContacts(
        claimed.map((row) => row.contactId),
        defs,
        now
      );
      const automations = getService(strapi, 'automations');
      const runs: RunWrites[] = [];
      const sender = createSender(now);
      // all at once: the sends they ask for in the same turn go out in groups
      await Promise.all(
        claimed.map(async (enrollment) => {
          try {
            const flow = await automations.compiled(enrollment.automationId, enrollment.version);
            runs.push(
              await advance(
                enrollment,
                contacts.get(enrollment.contactId)!,
                flow,
                defs,
                now,
                sender
              )
            );
          } catch (error) {
            // left claimed: taken up again once the claim times out
            strapi.log.error(
              `[cxm] enrollment ${enrollment.documentId} failed to run: ${(error as Error).message}`
            );
          }
        })
      );
      try {
        await commit(runs, owner);
      } catch (error) {
        if (runs.length > 1) {
          for (const run of runs)
            await commit([run], owner).catch((single) =>
              strapi.log.warn(
                `[cxm] enrollment ${run.enrollment.documentId} not committed: ${(single as Error).message}`
              )
            );
        } else if (runs.length === 1) {
          strapi.log.warn(
            `[cxm] enrollment ${runs[0].enrollment.documentId} not committed: ${(error as Error).message}`
          );
        }
      }
      return {
        enrollments: runs.length,
        steps: runs.reduce((sum, run) => sum + run.steps, 0),
        emails: runs.reduce((sum, run) => sum + run.emails, 0),
        failed: runs.filter((run) => run.failed).length,
      };
    },
  };
};
