import { visitorAuth } from '../strategies/visitor';
import { ACTIONS } from '../permissions';

const canReadAnalytics = {
  name: 'admin::hasPermissions',
  config: { actions: [ACTIONS.readAnalytics] },
};
const canReadContacts = {
  name: 'admin::hasPermissions',
  config: { actions: [ACTIONS.readContacts] },
};
const canTagContent = { name: 'admin::hasPermissions', config: { actions: [ACTIONS.tagContent] } };
const canManageDefinitions = {
  name: 'admin::hasPermissions',
  config: { actions: [ACTIONS.manageDefinitions] },
};
const canManageExperiments = {
  name: 'admin::hasPermissions',
  config: { actions: [ACTIONS.manageExperiments] },
};
const canManageContacts = {
  name: 'admin::hasPermissions',
  config: { actions: [ACTIONS.manageContacts] },
};
const canManageAutomations = {
  name: 'admin::hasPermissions',
  config: { actions: [ACTIONS.manageAutomations] },
};
const canManageSettings = {
  name: 'admin::hasPermissions',
  config: { actions: [ACTIONS.manageSettings] },
};

export default {
  admin: {
    type: 'admin',
    routes: [
      {
        method: 'GET',
        path: '/analytics/overview',
        handler: 'analytics.overview',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'GET',
        path: '/analytics/matrix',
        handler: 'analytics.matrix',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'GET',
        path: '/analytics/personas',
        handler: 'analytics.personas',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'GET',
        path: '/analytics/goals',
        handler: 'analytics.goals',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'GET',
        path: '/experiments',
        handler: 'experiments.find',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'POST',
        path: '/experiments',
        handler: 'experiments.create',
        config: { policies: [canManageExperiments] },
      },
      {
        method: 'GET',
        path: '/experiments/:documentId',
        handler: 'experiments.findOne',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'PUT',
        path: '/experiments/:documentId',
        handler: 'experiments.update',
        config: { policies: [canManageExperiments] },
      },
      {
        method: 'POST',
        path: '/experiments/:documentId/start',
        handler: 'experiments.start',
        config: { policies: [canManageExperiments] },
      },
      {
        method: 'POST',
        path: '/experiments/:documentId/stop',
        handler: 'experiments.stop',
        config: { policies: [canManageExperiments] },
      },
      {
        method: 'GET',
        path: '/experiments/:documentId/results',
        handler: 'experiments.results',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'POST',
        path: '/experiments/:documentId/promote',
        handler: 'experiments.promote',
        config: { policies: [canManageExperiments] },
      },
      {
        method: 'GET',
        path: '/simulator/targets',
        handler: 'simulator.targets',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'POST',
        path: '/simulate',
        handler: 'simulator.simulate',
        config: { policies: [canReadAnalytics] },
      },
      {
        method: 'GET',
        path: '/goals',
        handler: 'goals.find',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'POST',
        path: '/goals',
        handler: 'goals.create',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'PUT',
        path: '/goals/:documentId',
        handler: 'goals.update',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'DELETE',
        path: '/goals/:documentId',
        handler: 'goals.delete',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'GET',
        path: '/profiles',
        handler: 'profiles.find',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'POST',
        path: '/profiles',
        handler: 'profiles.create',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'PUT',
        path: '/profiles/:documentId',
        handler: 'profiles.update',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'DELETE',
        path: '/profiles/:documentId',
        handler: 'profiles.delete',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'POST',
        path: '/profiles/:documentId/keys',
        handler: 'profiles.createKey',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'PUT',
        path: '/profile-keys/:documentId',
        handler: 'profiles.updateKey',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'DELETE',
        path: '/profile-keys/:documentId',
        handler: 'profiles.deleteKey',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'GET',
        path: '/personas',
        handler: 'personas.find',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'POST',
        path: '/personas',
        handler: 'personas.create',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'PUT',
        path: '/personas/:documentId',
        handler: 'personas.update',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'DELETE',
        path: '/personas/:documentId',
        handler: 'personas.delete',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'GET',
        path: '/campaigns',
        handler: 'campaigns.find',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'POST',
        path: '/campaigns',
        handler: 'campaigns.create',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'PUT',
        path: '/campaigns/:documentId',
        handler: 'campaigns.update',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'DELETE',
        path: '/campaigns/:documentId',
        handler: 'campaigns.delete',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'GET',
        path: '/rules',
        handler: 'rules.find',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'GET',
        path: '/rules/catalog',
        handler: 'rules.catalog',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'GET',
        path: '/rules/documents',
        handler: 'rules.documents',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'POST',
        path: '/rules/validate',
        handler: 'rules.validate',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'POST',
        path: '/rules',
        handler: 'rules.create',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'PUT',
        path: '/rules/:documentId',
        handler: 'rules.update',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'DELETE',
        path: '/rules/:documentId',
        handler: 'rules.delete',
        config: { policies: [canManageDefinitions] },
      },
      {
        method: 'GET',
        path: '/tagging',
        handler: 'tagging.find',
        config: { policies: [canTagContent] },
      },
      {
        method: 'PUT',
        path: '/tagging',
        handler: 'tagging.update',
        config: { policies: [canTagContent] },
      },
      {
        method: 'POST',
        path: '/variants',
        handler: 'variants.create',
        config: { policies: [canTagContent] },
      },
      {
        method: 'GET',
        path: '/variants',
        handler: 'variants.markers',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
      },
      {
        method: 'PUT',
        path: '/variants/rule',
        handler: 'variants.editRule',
        config: { policies: [canTagContent] },
      },
      {
        method: 'GET',
        path: '/contacts',
        handler: 'contacts.find',
        config: { policies: [canReadContacts] },
      },
      {
        method: 'GET',
        path: '/contacts/:visitorId',
        handler: 'contacts.findOne',
        config: { policies: [canReadContacts] },
      },
      {
        method: 'DELETE',
        path: '/contacts/:visitorId',
        handler: 'contacts.erase',
        config: { policies: [canManageContacts] },
      },
      {
        method: 'GET',
        path: '/settings',
        handler: 'settings.find',
        config: { policies: [canManageSettings] },
      },
      {
        method: 'PUT',
        path: '/settings',
        handler: 'settings.update',
        config: { policies: [canManageSettings] },
      },
      {
        method: 'GET',
        path: '/settings/geoip',
        handler: 'settings.geoLookup',
        config: { policies: [canManageSettings] },
      },
      {
        method: 'GET',
        path: '/automations',
        handler: 'automations.find',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/automations',
        handler: 'automations.create',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/automations/validate',
        handler: 'automations.validate',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'GET',
        path: '/automations/:documentId',
        handler: 'automations.findOne',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'PUT',
        path: '/automations/:documentId',
        handler: 'automations.update',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'DELETE',
        path: '/automations/:documentId',
        handler: 'automations.delete',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/automations/:documentId/activate',
        handler: 'automations.activate',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/automations/:documentId/pause',
        handler: 'automations.pause',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/automations/:documentId/archive',
        handler: 'automations.archive',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'GET',
        path: '/automations/:documentId/stats',
        handler: 'automations.stats',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'GET',
        path: '/automations/:documentId/enrollments',
        handler: 'automations.enrollments',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/automations/:documentId/enrollments',
        handler: 'automations.enrol',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/automations/:documentId/enrollments/:enrollmentId/skip-wait',
        handler: 'automations.skipWait',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'GET',
        path: '/contacts/:visitorId/enrollments',
        handler: 'automations.contactEnrollments',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'GET',
        path: '/tracked-links',
        handler: 'tracked-links.find',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/tracked-links',
        handler: 'tracked-links.create',
        config: { policies: [canManageAutomations] },
      },
      {
        method: 'POST',
        path: '/tracked-links/:documentId/revoke',
        handler: 'tracked-links.revoke',
        config: { policies: [canManageAutomations] },
      },
    ],
  },
  'content-api': {
    type: 'content-api',
    routes: [
      // Visitor routes: authorized without the Public role (strategies/visitor.ts)
      {
        method: 'GET',
        path: '/context',
        handler: 'context.find',
        config: { auth: visitorAuth(), policies: [] },
      },
      {
        method: 'POST',
        path: '/events',
        handler: 'events.create',
        config: { auth: visitorAuth(), policies: [] },
      },
      {
        method: 'POST',
        path: '/identify',
        handler: 'identity.identify',
        config: { policies: ['plugin::cxm.is-api-token'] },
      },
      {
        method: 'GET',
        path: '/r/:token',
        handler: 'identity.redirect',
        config: { auth: visitorAuth(), policies: [] },
      },
      {
        method: 'POST',
        path: '/consent',
        handler: 'consent.update',
        config: { auth: visitorAuth(), policies: [] },
      },
      // unsubscribe links of automation e-mails: an opaque link id, no login
      {
        method: 'GET',
        path: '/unsubscribe/:token',
        handler: 'unsubscribe.confirm',
        config: { auth: false, policies: [] },
      },
      {
        method: 'POST',
        path: '/unsubscribe/:token',
        handler: 'unsubscribe.unsubscribe',
        config: { auth: false, policies: [] },
      },
      {
        method: 'GET',
        path: '/me',
        handler: 'me.export',
        config: { auth: visitorAuth(), policies: [] },
      },
      {
        method: 'DELETE',
        path: '/me',
        handler: 'me.erase',
        config: { auth: visitorAuth(), policies: [] },
      },
    ],
  },
};
