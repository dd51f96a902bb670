import { z } from 'zod';
import type { Flow } from '../core/automation/flow';
import type { Trigger } from '../core/automation/triggers';
import { CHANNELS } from '../core/channels';

const STEP_ID = /^[A-Za-z0-9_-]{1,64}$/;
const stepId = z.string().regex(STEP_ID, 'step ids are 1–64 letters, digits, - and _');
const edge = stepId.nullable().optional();
const slug = z.string().min(1).max(100);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);

const duration = z
  .object({
    days: z.number().int().min(0).max(3650).optional(),
    hours: z.number().int().min(0).max(10_000).optional(),
    minutes: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();

const localMoment = z
  .object({
    weekdays: z.array(z.number().int().min(0).max(6)).max(7).optional(),
    hour: z.number().int().min(0).max(23),
    minute: z.number().int().min(0).max(59).optional(),
  })
  .strict();

const step = z.discriminatedUnion('type', [
  z
    .object({
      id: stepId,
      type: z.literal('wait'),
      duration: duration.optional(),
      until: localMoment.optional(),
      next: edge,
    })
    .strict(),
  z
    .object({
      id: stepId,
      type: z.literal('condition'),
      condition: z.unknown(),
      yes: edge,
      no: edge,
    })
    .strict(),
  z
    .object({
      id: stepId,
      type: z.literal('wait-until'),
      condition: z.unknown(),
      timeout: duration,
      checkEvery: duration.optional(),
      next: edge,
      onTimeout: edge,
    })
    .strict(),
  z
    .object({
      id: stepId,
      type: z.literal('email'),
      subject: z.string().trim().min(1).max(300),
      text: z.string().min(1).max(100_000),
      html: z.string().max(100_000).optional(),
      campaign: slug.optional(),
      next: edge,
    })
    .strict(),
  z
    .object({
      id: stepId,
      type: z.literal('points'),
      goal: slug.optional(),
      points: z.number().int().min(-100_000).max(100_000).optional(),
      next: edge,
    })
    .strict(),
  z
    .object({
      id: stepId,
      type: z.literal('attribute'),
      name: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'attribute names are letters, digits and _'),
      value: z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]),
      next: edge,
    })
    .strict(),
  z
    .object({
      id: stepId,
      type: z.literal('webhook'),
      url: httpUrl,
      body: z.record(z.string(), z.unknown()).optional(),
      next: edge,
    })
    .strict(),
  z
    .object({
      id: stepId,
      type: z.literal('split'),
      branches: z
        .array(z.object({ weight: z.number().min(0).max(1), next: edge }).strict())
        .min(2, 'a split has at least two branches')
        .max(10),
    })
    .strict(),
  z.object({ id: stepId, type: z.literal('exit') }).strict(),
]);

export const flowSchema = z
  .object({
    start: stepId,
    steps: z.array(step).min(1, 'a flow has at least one step').max(200),
  })
  .strict() satisfies z.ZodType<Flow>;

const when = { when: z.unknown().optional() };
export const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('goal'), goal: slug, ...when }).strict(),
  z.object({ type: z.literal('persona'), persona: slug, ...when }).strict(),
  z
    .object({ type: z.literal('score'), key: slug, threshold: z.number().finite(), ...when })
    .strict(),
  z.object({ type: z.literal('identified'), ...when }).strict(),
  z
    .object({
      type: z.literal('visit'),
      campaign: slug.optional(),
      channel: z.enum(CHANNELS as [string, ...string[]]).optional(),
      ...when,
    })
    .strict(),
  z.object({ type: z.literal('condition'), condition: z.unknown(), ...when }).strict(),
  z
    .object({ type: z.literal('inactivity'), days: z.number().int().min(1).max(3650), ...when })
    .strict(),
  z.object({ type: z.literal('manual'), ...when }).strict(),
]) satisfies z.ZodType<Trigger>;

export const automationSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).nullable().optional(),
    trigger: triggerSchema,
    flow: flowSchema,
    reentry: z.enum(['once', 'once-per-days', 'every-time']).default('once'),
    reentryDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict()
  .refine((automation) => automation.reentry !== 'once-per-days' || automation.reentryDays, {
    path: ['reentryDays'],
    message: "'once-per-days' needs reentryDays",
  });

export type AutomationInput = z.output<typeof automationSchema>;

export const enrolSchema = z
  .object({
    visitorId: z.string().min(1).max(64).optional(),
    email: z.email().max(254).optional(),
  })
  .strict()
  .refine((body) => !!body.visitorId !== !!body.email, {
    message: 'name the contact by visitorId or by email',
  });

export const campaignLinkSchema = z
  .object({
    url: httpUrl,
    campaign: slug.nullable().optional(),
    label: z.string().trim().max(200).nullable().optional(),
    /** days until the link stops working; the configured default when absent, never when null */
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict();

export const listEnrollmentsSchema = z
  .object({
    state: z.enum(['active', 'paused', 'completed', 'exited', 'failed']).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
