/**
 * The Document Service middleware for writes of definitions: validates the data before it is
 * stored and recompiles the in-memory definitions afterwards.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { describeIssues, validateDefinitionData } from '../validation/definitions';
import { UIDS } from '../uids';
import type { RuleIssue } from '../core/rules';
import { WRITE_ACTIONS } from '../core/document-actions';
import { getService } from '../get-service';
import { contentTypeUid } from './documents';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const definitionsService = () => getService(strapi, 'definitions');

  /** The problems of `data` written to the definition type `uid`, checked against the current definitions. */
  async function issuesOf(uid: string, data: Record<string, unknown>): Promise<RuleIssue[]> {
    const defs = await definitionsService().get();
    const keys = new Map(
      defs.profiles.flatMap((profile) => profile.keys.map((key) => [key.slug, key] as const))
    );
    return validateDefinitionData(uid, data, {
      catalog: defs.catalog,
      keys,
      goals: new Set(defs.goals.keys()),
      contentTypeExists: (contentType) => !!strapi.contentType(contentTypeUid(contentType)),
    });
  }

  return {
    issuesOf,

    async documentMiddleware(
      // Strapi's context of any action and type; only a write's `data` is read (and completed)
      context: { uid: string; action: string; params: Record<string, any> },
      next: () => Promise<unknown>
    ) {
      if (!WRITE_ACTIONS.has(context.action) || !definitionsService().isDefinition(context.uid))
        return next();
      const data = context.params?.data;
      // a new profile that names no half-life gets the default of the Settings page
      if (
        data &&
        context.action === 'create' &&
        context.uid === UIDS.profile &&
        (data.halfLifeDays === undefined || data.halfLifeDays === null || data.halfLifeDays === '')
      ) {
        data.halfLifeDays = getService(strapi, 'settings').get().defaultHalfLifeDays;
      }
      if (data && (context.action === 'create' || context.action === 'update')) {
        const issues = await issuesOf(context.uid, data);
        if (issues.length > 0) {
          throw new errors.ValidationError(
            `Invalid ${context.uid.replace('plugin::cxm.', '')}: ${describeIssues(issues)}`,
            { errors: issues }
          );
        }
      }
      const result = await next();
      await definitionsService().invalidate();
      return result;
    },
  };
};
