/** The engagement value scale: goals sorted by points, slugs derived from names when created. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { slugify } from '../core/slug';
import { documentData, type GoalRecord } from '../records';
import { badRequest, conflict } from '../refusals';
import { getService } from '../get-service';
import type { GoalInput } from '../validation/goals';
import { UIDS } from '../uids';

const shape = (row: GoalRecord) => ({
  documentId: row.documentId,
  slug: row.slug,
  name: row.name,
  points: row.points,
  isConversion: !!row.isConversion,
  repeatable: !!row.repeatable,
  description: row.description ?? null,
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const goals = () => strapi.documents(UIDS.goal);
  const query = () => strapi.db.query(UIDS.goal);

  return {
    async list() {
      const rows = (await query().findMany({
        orderBy: [{ points: 'desc' }, { name: 'asc' }],
      })) as GoalRecord[];
      return rows.map(shape);
    },

    async create(data: GoalInput) {
      const slug = slugify(data.name);
      if (!slug) throw badRequest('The name needs a letter or a digit');
      if (await query().findOne({ where: { slug } }))
        throw badRequest(`A goal '${slug}' exists already`);
      return shape((await goals().create({ data: documentData({ ...data, slug }) })) as GoalRecord);
    },

    /** Refused (409, naming them) while rules, experiments, automations or content tags use the goal. */
    async delete(documentId: string) {
      const goal = (await query().findOne({ where: { documentId } })) as GoalRecord | null;
      if (!goal) throw new errors.NotFoundError('No such goal');
      const users = await getService(strapi, 'definition-usage').usersOfGoal(goal.slug);
      if (users.length > 0)
        throw conflict(
          `Goal '${goal.name}' is in use by ${users.join(', ')}: remove it there first`,
          {
            users,
          }
        );
      await goals().delete({ documentId });
      return { documentId };
    },

    /** Name, points and flags; the slug stays (events and tags name it). */
    async update(documentId: string, data: GoalInput) {
      if (!(await query().findOne({ where: { documentId } })))
        throw new errors.NotFoundError('No such goal');
      return shape((await goals().update({ documentId, data: documentData(data) })) as GoalRecord);
    },
  };
};
