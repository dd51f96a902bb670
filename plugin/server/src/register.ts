import type { Core, Modules } from '@strapi/strapi';
import { getService } from './get-service';

type DocumentMiddleware = Modules.Documents.Middleware.Middleware;
type DocumentResult = ReturnType<DocumentMiddleware>;

/** Document Service middlewares: validate definition writes, personalize content reads; GraphQL relation fields. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  // The plugin's middlewares return what `next` returned, or documents of the same type.
  strapi.documents.use(
    (context, next) =>
      getService(strapi, 'definition-writes').documentMiddleware(context, next) as DocumentResult
  );
  strapi.documents.use(
    (context, next) =>
      getService(strapi, 'personalization').documentMiddleware(context, next) as DocumentResult
  );
  getService(strapi, 'related-entries').registerGraphQL();
};
