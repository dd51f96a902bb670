import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { explainRuleSet, type VariantRuleDef } from '../core/rules';
import { simulatedSnapshot } from '../core/simulation';
import { createContextReader } from '../core/visitor-context';
import { simulateSchema } from '../validation/simulator';
import type { Definitions } from '../services/definitions';
import { UIDS } from '../uids';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

type Row = Record<string, any>;

/** Admin: which variant a document would serve to a described visitor, and why. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The documents that have variant rules, and the personas, to simulate with. */
  async targets(ctx: Context) {
    const [rows, personas] = await Promise.all([
      strapi.db.query(UIDS.variantRule).findMany({ where: { enabled: true } }) as Promise<Row[]>,
      strapi.db.query(UIDS.persona).findMany({ orderBy: { name: 'asc' } }) as Promise<Row[]>,
    ]);
    ctx.body = {
      data: {
        targets: rows.map((row) => ({
          uid: row.baseUid,
          documentId: row.baseDocumentId,
          name: row.name ?? row.baseDocumentId,
        })),
        personas: personas.map((persona) => ({ slug: persona.slug, name: persona.name })),
      },
    };
  },

  async simulate(ctx: Context) {
    const parsed = simulateSchema.safeParse(ctx.request.body);
    if (!parsed.success) {
      return ctx.badRequest('Invalid simulation', { errors: issuesOf(parsed.error) });
    }
    const { uid, documentId, context } = parsed.data;
    const defs: Definitions = await getService(strapi, 'definitions').get();
    const rules = (await strapi.db.query(UIDS.variantRule).findOne({
      where: { baseUid: uid, baseDocumentId: documentId, enabled: true },
    })) as Row | null;
    if (!rules) return ctx.notFound('This document has no enabled variant rules');
    const { personaMinViews } = getService(strapi, 'settings').get();
    const { snapshot, matches } = simulatedSnapshot(
      context,
      defs.profiles,
      defs.personas,
      personaMinViews,
      Date.now()
    );
    const read = createContextReader(snapshot);
    const { rules: explained, chosen } = explainRuleSet(
      rules.rules as VariantRuleDef[],
      read,
      defs.catalog
    );
    const servedId = chosen?.variant ?? documentId;
    const served = (await strapi
      .documents(uid as any)
      .findOne({ documentId: servedId, status: 'published' } as any)) as Row | null;
    const experiment = defs.experiments.get(`${uid}:${documentId}`);
    ctx.body = {
      data: {
        served: {
          rule: chosen?.name ?? 'default',
          documentId: servedId,
          title: served?.title ?? served?.name ?? null,
        },
        rules: explained,
        personas: matches.map(({ profile, match }) => ({
          profile,
          persona: match?.persona ?? null,
          distances: match?.distances ?? [],
        })),
        context: Object.fromEntries(
          [
            'persona',
            'topKey',
            'geo.country',
            'geo.city',
            'channel',
            'campaign',
            'device',
            'visit.returning',
          ].map((path) => [path, read(path) ?? null])
        ),
        experiment: experiment
          ? `Experiment ${experiment.slug} is running on this document: real visitors are bucketed before these rules apply.`
          : null,
      },
    };
  },
});
