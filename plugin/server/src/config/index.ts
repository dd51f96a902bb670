import { z } from 'zod';
import { CONSENT_MODES } from '../core/vocabulary';
import { validate as isCronExpression } from 'node-cron';

/** A cookie name is an RFC 6265 token. */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const IP_OR_CIDR = /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/;

export const pluginConfigSchema = z
  .object({
    cookieName: z
      .string()
      .regex(COOKIE_NAME, 'must be a cookie name token (letters, digits, - _ .)')
      .default('cxm_vid'),
    headerName: z
      .string()
      .regex(HEADER_NAME, 'must be an HTTP header name')
      .default('X-CXM-Visitor'),
    /**
     * HMAC secret of the visitor cookie and tracked links, or a list: the first signs, every one
     * verifies (put a new secret in front to rotate). Derived from the app's keys when not set.
     */
    secret: z
      .union([
        z.string().min(16, 'must be at least 16 characters'),
        z.array(z.string().min(16, 'must be at least 16 characters')).min(1),
      ])
      .optional(),
    cookieMaxAgeDays: z.number().positive().max(400).default(365),
    visitTimeoutMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(30),
    consent: z
      .object({
        /** implied: track from the first request; opt-in: nothing is stored before POST /api/cxm/consent */
        mode: z.enum(CONSENT_MODES).default('implied'),
        honorDoNotTrack: z.boolean().default(false),
        honorGlobalPrivacyControl: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    personaMinViews: z.number().int().min(1).max(1000).default(3),
    /** decay half-life (days) given to a new profile that names none; 0 = no decay */
    defaultHalfLifeDays: z.number().min(0).max(3650).default(0),
    geoip: z
      .object({
        /** a MaxMind City database (.mmdb); without one, visitors have no geo and a warning is logged at start */
        databasePath: z.string().min(1).optional(),
        /** reload the database when the file changes, without a restart */
        watch: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /**
     * Proxies (IPs or CIDRs) whose X-Forwarded-For / Forwarded headers are believed. Empty by
     * default: the headers are ignored. With Strapi's `server.proxy.koa` on, Koa's client IP is used.
     */
    trustedProxies: z
      .array(z.string().regex(IP_OR_CIDR, 'must be an IP address or CIDR'))
      .default([]),
    /** The site's own hosts: a referrer on them is internal navigation, not a traffic source. */
    ownHosts: z.array(z.string().min(1).max(253)).default([]),
    writeBuffer: z
      .object({
        flushIntervalMs: z.number().int().min(10).max(60_000).default(1000),
        maxBatchSize: z.number().int().min(1).max(10_000).default(500),
        /**
         * How long a changed contact or visit may wait before it is written: the row of a visitor
         * who sends many requests is then written once per delay instead of once per request.
         * Explicit flushes (shutdown, identify, the admin's contact views) write everything.
         */
        stateWriteDelayMs: z.number().int().min(0).max(60_000).default(5000),
      })
      .strict()
      .prefault({}),
    /**
     * Privacy: anonymous contacts not seen for this many days are deleted with their visits and
     * interactions, raw interactions older than this many months are deleted (rollups keep their
     * counts); 0 keeps them. Applied hourly.
     */
    retention: z
      .object({
        anonymousContactDays: z.number().int().min(0).max(36_500).default(395),
        interactionMonths: z.number().int().min(0).max(1200).default(25),
      })
      .strict()
      .prefault({}),
    /** How often an instance checks whether another instance changed the definitions. */
    definitionsPollMs: z.number().int().min(100).max(600_000).default(2000),
    automation: z
      .object({
        /** run the scheduler on this instance (every instance may: the lease keeps them apart) */
        scheduler: z.boolean().default(true),
        /** node-cron expression of the scheduler tick (with seconds) */
        tickCron: z
          .string()
          .min(1)
          .refine((expression) => isCronExpression(expression), 'must be a valid cron expression')
          .default('*/10 * * * * *'),
        /** enrollments one instance claims and runs at a time */
        batchSize: z.number().int().min(1).max(5000).default(200),
        /** how long the claim lease is held at most (it is released as soon as a batch is claimed) */
        leaseMs: z.number().int().min(1000).max(600_000).default(30_000),
        /** a claimed enrollment whose worker stopped is taken over after this long */
        claimTimeoutMs: z.number().int().min(1000).max(86_400_000).default(300_000),
        /** e-mails and webhooks sent at once by one instance */
        sendConcurrency: z.number().int().min(1).max(64).default(16),
        /** attempts of a failing e-mail or webhook before the step fails */
        maxAttempts: z.number().int().min(1).max(20).default(5),
        /** first retry delay; doubled on every attempt, with jitter */
        retryBaseMs: z.number().int().min(100).max(86_400_000).default(60_000),
        /** how long a tracked link in an e-mail works */
        linkExpiryDays: z.number().int().min(1).max(3650).default(90),
        /** where tracked and unsubscribe links point (Strapi's public URL); server.absoluteUrl when not set */
        publicUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** sender of automation e-mails; the email plugin's defaultFrom when not set */
        from: z.string().min(3).max(254).optional(),
        /** HMAC key of webhook bodies; derived from the plugin secret when not set */
        webhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
        /** how often queued enrolments from visitor events are written */
        enrolmentFlushMs: z.number().int().min(10).max(60_000).default(500),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type PluginConfig = z.output<typeof pluginConfigSchema>;

/** Every problem of the given configuration in one message, naming each setting. */
export function parsePluginConfig(input: unknown): PluginConfig {
  const result = pluginConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.join('.') || '(root)';
    return `  - cxm.${path}: ${issue.message}`;
  });
  throw new Error(
    `Invalid configuration of plugin "cxm" in config/plugins:\n${problems.join('\n')}`
  );
}

export default {
  default: {},
  validator(config: unknown) {
    parsePluginConfig(config);
  },
};
