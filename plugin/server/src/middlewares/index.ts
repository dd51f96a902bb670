import type { Core } from '@strapi/strapi';
import { createVisitorMiddleware } from './visitor';

export default {
  visitor: (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
    createVisitorMiddleware(strapi),
};
