import type { Core } from '@strapi/strapi';

/** Document Service middlewares: validate definition writes, personalize content reads. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use((context, next) =>
    strapi.plugin('cxm').service('definition-writes').documentMiddleware(context, next)
  );
  strapi.documents.use((context, next) =>
    strapi.plugin('cxm').service('personalization').documentMiddleware(context, next)
  );
};
