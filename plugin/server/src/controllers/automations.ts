import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import {
  automationSchema,
  enrolSchema,
  flowSchema,
  listEnrollmentsSchema,
  triggerSchema,
} from '../validation/automations';
import { parseInput, refuse } from '../validation/issues';
import { AutomationProblem, type AutomationRecord } from '../services/automation/automations';
import { getService } from '../get-service';
import { z } from 'zod';

const validateSchema = z.object({ trigger: triggerSchema, flow: flowSchema }).strict();

/** Admin: automations (drafts, activation with validation, pause, archive), their counts and enrolments. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const automations = () => getService(strapi, 'automations');

  const withProblems = async (automation: AutomationRecord) => ({
    ...automation,
    problems: automation.state === 'archived' ? [] : await automations().problemsOf(automation),
  });

  /** Answers a refused change: 404 for a missing automation, 400 naming every problem otherwise. */
  async function guarded(ctx: Context, action: () => Promise<unknown>) {
    try {
      const data = await action();
      if (data === null) return ctx.notFound('No such automation');
      ctx.body = { data };
    } catch (error) {
      if (!(error instanceof AutomationProblem)) throw error;
      if (error.message === 'No such automation') return ctx.notFound(error.message);
      if (error.message === 'No such contact') return ctx.notFound(error.message);
      if (error.message === 'No such enrolment') return ctx.notFound(error.message);
      if (error.issues.length > 0) return refuse(ctx, 'automation', error.issues);
      return ctx.badRequest(error.message);
    }
  }

  return {
    async find(ctx: Context) {
      ctx.body = { data: await automations().list() };
    },

    async findOne(ctx: Context) {
      const automation = await automations().find(ctx.params.documentId);
      if (!automation) return ctx.notFound('No such automation');
      ctx.body = { data: await withProblems(automation) };
    },

    /** Checks a trigger and flow without saving them: every problem, as activation would refuse it. */
    async validate(ctx: Context) {
      const input = parseInput(ctx, validateSchema, ctx.request.body, 'automation');
      if (!input) return;
      ctx.body = { data: { problems: await automations().problemsOf(input) } };
    },

    async create(ctx: Context) {
      const input = parseInput(ctx, automationSchema, ctx.request.body, 'automation');
      if (!input) return;
      ctx.status = 201;
      ctx.body = { data: await withProblems(await automations().create(input)) };
    },

    async update(ctx: Context) {
      const input = parseInput(ctx, automationSchema, ctx.request.body, 'automation');
      if (!input) return;
      await guarded(ctx, async () =>
        withProblems(await automations().update(ctx.params.documentId, input))
      );
    },

    async delete(ctx: Context) {
      await guarded(ctx, async () =>
        (await automations().remove(ctx.params.documentId)) ? { deleted: true } : null
      );
    },

    async activate(ctx: Context) {
      await guarded(ctx, () => automations().activate(ctx.params.documentId));
    },

    async pause(ctx: Context) {
      await guarded(ctx, () => automations().setState(ctx.params.documentId, 'paused', Date.now()));
    },

    async archive(ctx: Context) {
      await guarded(ctx, () =>
        automations().setState(ctx.params.documentId, 'archived', Date.now())
      );
    },

    async stats(ctx: Context) {
      if (!(await automations().find(ctx.params.documentId)))
        return ctx.notFound('No such automation');
      ctx.body = { data: await automations().stats(ctx.params.documentId) };
    },

    async enrol(ctx: Context) {
      const input = parseInput(ctx, enrolSchema, ctx.request.body, 'enrolment');
      if (!input) return;
      if (!(await automations().find(ctx.params.documentId)))
        return ctx.notFound('No such automation');
      await guarded(ctx, async () => {
        const result = await automations().enrol(ctx.params.documentId, input, Date.now());
        ctx.status = result.enrolled ? 201 : 200;
        return result;
      });
    },

    async enrollments(ctx: Context) {
      const query = parseInput(ctx, listEnrollmentsSchema, ctx.query, 'query');
      if (!query) return;
      if (!(await automations().find(ctx.params.documentId)))
        return ctx.notFound('No such automation');
      const where = {
        automationId: ctx.params.documentId,
        ...(query.state ? { state: query.state } : {}),
      };
      ctx.body = { data: await automations().enrollments(where, query.page, query.pageSize) };
    },

    async skipWait(ctx: Context) {
      await guarded(ctx, () =>
        automations().skipWait(ctx.params.documentId, ctx.params.enrollmentId, Date.now())
      );
    },

    /** The enrolments of one contact (by visitor id; merged devices resolve to the person). */
    async contactEnrollments(ctx: Context) {
      const query = parseInput(ctx, listEnrollmentsSchema, ctx.query, 'query');
      if (!query) return;
      const data = await automations().enrollmentsOfContact(
        ctx.params.visitorId,
        query.state ? { state: query.state } : {},
        query.page,
        query.pageSize
      );
      if (!data) return ctx.notFound('No such contact');
      ctx.body = { data };
    },
  };
};
