import type { Core } from '@strapi/strapi';
import type services from './services';

type Services = typeof services;
export type ServiceName = keyof Services;
/** What a service factory returns: the service's own type, so callers never restate it. */
export type Service<Name extends ServiceName> = ReturnType<Services[Name]>;

/**
 * The services of each Strapi instance, once looked up: the hot path asks for several on every
 * request, and Strapi resolves the plugin and the service's uid anew on each call. Strapi makes
 * each service once and never replaces it after the plugins registered.
 */
const servicesOf = new WeakMap<Core.Strapi, Map<ServiceName, unknown>>();

/** The plugin's service `name`, typed (as Strapi's i18n plugin does). */
export function getService<Name extends ServiceName>(
  strapi: Core.Strapi,
  name: Name
): Service<Name> {
  let known = servicesOf.get(strapi);
  if (!known) servicesOf.set(strapi, (known = new Map()));
  let service = known.get(name) as Service<Name> | undefined;
  if (!service) {
    service = strapi.plugin('cxm').service(name) as Service<Name>;
    if (service) known.set(name, service);
  }
  return service;
}
