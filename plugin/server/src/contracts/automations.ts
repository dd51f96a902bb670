/**
 * `/cxm/automations` (definitions, activation, counts, enrolments) and `/cxm/tracked-links`
 * (campaign links). The flow and trigger types are core's; the template helpers are re-exported
 * so the admin's preview renders exactly as the sender does.
 */
import type { Flow } from '../core/automation/flow';
import type { ReentryPolicy, Trigger } from '../core/automation/triggers';
import type { RuleIssue } from '../core/rules';

export type { Duration, Flow, LocalMoment, Step, StepType } from '../core/automation/flow';
export type { ReentryPolicy, Trigger, TriggerType } from '../core/automation/triggers';
export {
  VALUE_TOKENS,
  linkTargets,
  renderTemplate,
  type TemplateValues,
  type ValueToken,
} from '../core/automation/template';

export const AUTOMATION_STATES = ['draft', 'active', 'paused', 'archived'] as const;
export type AutomationState = (typeof AUTOMATION_STATES)[number];

export interface Automation {
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

/** One automation with what keeps it from running (paths like `trigger.goal`, `flow.steps.2.next`). */
export interface AutomationDetail extends Automation {
  problems: RuleIssue[];
}

/** `POST /cxm/automations`, `PUT /cxm/automations/:documentId` */
export interface AutomationInput {
  name: string;
  description?: string | null;
  trigger: Trigger;
  flow: Flow;
  reentry?: ReentryPolicy;
  reentryDays?: number | null;
}

/** `POST /cxm/automations/validate`: a trigger and flow checked as activation would. */
export interface AutomationValidationRequest {
  trigger: Trigger;
  flow: Flow;
}

export interface AutomationValidation {
  problems: RuleIssue[];
}

/** `GET /cxm/automations/:documentId/stats`: live counts. */
export interface AutomationStats {
  enrolled: number;
  active: number;
  paused: number;
  completed: number;
  exited: number;
  failed: number;
  /** step id → active enrolments there now */
  waitingPerStep: Record<string, number>;
  /** effect step id (e-mail, webhook, points, attribute, exit) → contacts it was carried out or skipped for */
  passedPerStep: Record<string, number>;
  emails: { sent: number; skipped: number; failed: number; retrying: number; unknown: number };
  /** engagement value of the goals the enrolled contacts reached after their enrolment */
  valueAfterEnrolment: number;
}

export type EnrollmentState = 'active' | 'paused' | 'completed' | 'exited' | 'failed';

export interface Enrollment {
  documentId: string;
  automationId: string;
  version: number;
  contactId: string;
  state: EnrollmentState;
  currentStep: string | null;
  nextRunAt: number | null;
  enrolledAt: string | null;
  endedAt: number | null;
  lastError: string | null;
  history: Array<{ step: string; result: string; at: number }>;
}

/** `GET /cxm/automations/:documentId/enrollments`, `GET /cxm/contacts/:visitorId/enrollments` */
/** `POST /cxm/automations/:id/enrollments/:enrollmentId/skip-wait`: due now, run by the next tick. */
export interface SkippedWait {
  documentId: string;
  currentStep: string;
  nextRunAt: number;
}

export interface EnrollmentList {
  results: Enrollment[];
  pagination: { page: number; pageSize: number; total: number };
}

export interface EnrollmentsQuery {
  state?: EnrollmentState;
  page?: number;
  pageSize?: number;
}

/** A tracked link without a contact (a poster, a post), with the public URL to hand out. */
export interface CampaignLink {
  documentId: string;
  token: string;
  url: string | null;
  campaign: string | null;
  label: string | null;
  /** epoch ms; null: never */
  expiresAt: number | null;
  revokedAt: number | null;
  clicks: number;
  lastClickAt: number | null;
  /** the public URL (`…/api/cxm/r/<id>`) */
  link: string;
}

/** `POST /cxm/tracked-links` */
export interface CampaignLinkInput {
  url: string;
  campaign?: string | null;
  label?: string | null;
  /** days until the link stops working; the configured default when absent, never when null */
  expiresInDays?: number | null;
}
