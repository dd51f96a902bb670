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

/** A Strapi validation error path: the attribute, as the Content Manager's form names its fields. */
const fieldOf = (path: string) => path.split(/[.[]/)[0];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const definitionsService = () => getService(strapi, 'definitions');

  /**
   * The Content Manager sends JSON attributes as the text typed into its JSON editor: such a
   * text is parsed into its value here (so it is checked and stored as JSON); text that is no
   * JSON is an issue of its field.
   */
  function parseJsonTexts(uid: string, data: Record<string, unknown>): RuleIssue[] {
    const attributes = strapi.contentType(uid as never)?.attributes ?? {};
    const issues: RuleIssue[] = [];
    for (const [name, attribute] of Object.entries(attributes)) {
      const value = data[name];
      if ((attribute as { type?: string }).type !== 'json' || typeof value !== 'string') continue;
      try {
        data[name] = JSON.parse(value);
      } catch (error) {
        issues.push({ path: name, message: `is not valid JSON (${(error as Error).message})` });
      }
    }
    return issues;
  }

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

  /** A write of a definition: validated (and completed) before, the definitions recompiled after. */
  async function validatedWrite(
    context: { uid: string; action: string; params: Record<string, any> },
    next: () => Promise<unknown>
  ): Promise<unknown> {
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
      const unparsed = parseJsonTexts(context.uid, data);
      const issues = unparsed.length > 0 ? unparsed : await issuesOf(context.uid, data);
      if (issues.length > 0) {
        // paths as Strapi's own validation errors have them (the attribute first, as a list),
        // which the Content Manager shows at the field; the message names every problem
        throw new errors.ValidationError(
          `Invalid ${context.uid.replace('plugin::cxm.', '')}: ${describeIssues(issues)}`,
          {
            errors: issues.map((issue) => ({
              path: [fieldOf(issue.path)],
              message:
                issue.path === fieldOf(issue.path)
                  ? issue.message
                  : `${issue.path}: ${issue.message}`,
              name: 'ValidationError',
            })),
          }
        );
      }
    }
    const result = await next();
    await definitionsService().invalidate();
    return result;
  }

  return {
    issuesOf,

    /** Every other call passes straight through, without a promise of its own. */
    documentMiddleware(
      // Strapi's context of any action and type; only a write's `data` is read (and completed)
      context: { uid: string; action: string; params: Record<string, any> },
      next: () => Promise<unknown>
    ): Promise<unknown> {
      if (!WRITE_ACTIONS.has(context.action) || !definitionsService().isDefinition(context.uid))
        return next();
      return validatedWrite(context, next);
    },
  };
};
