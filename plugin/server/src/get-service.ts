import type { Core } from '@strapi/strapi';
import type services from './services';

type Services = typeof services;
export type ServiceName = keyof Services;
/** What a service factory returns: the service's own type, so callers never restate it. */
export type Service<Name extends ServiceName> = ReturnType<Services[Name]>;

/** The plugin's service `name`, typed (as Strapi's i18n plugin does). */
export function getService<Name extends ServiceName>(
  strapi: Core.Strapi,
  name: Name
): Service<Name> {
  return strapi.plugin('cxm').service(name) as Service<Name>;
}
