/** Admin RBAC actions of the plugin (`plugin::cxm.<uid>`), declared as data as Strapi's own plugins do. */
export const ACTIONS = {
  readAnalytics: 'plugin::cxm.analytics.read',
  readContacts: 'plugin::cxm.contacts.read',
  manageContacts: 'plugin::cxm.contacts.manage',
  manageExperiments: 'plugin::cxm.experiments.manage',
  tagContent: 'plugin::cxm.content.tag',
  manageDefinitions: 'plugin::cxm.definitions.manage',
  manageSettings: 'plugin::cxm.settings.manage',
  manageAutomations: 'plugin::cxm.automations.manage',
} as const;

export const adminActions = [
  {
    section: 'plugins',
    displayName: 'Read experience analytics',
    uid: 'analytics.read',
    pluginName: 'cxm',
  },
  {
    section: 'plugins',
    displayName: 'Read contacts and their timelines (personal data)',
    uid: 'contacts.read',
    pluginName: 'cxm',
  },
  {
    section: 'plugins',
    displayName: 'Manage contacts (erase a contact and its data)',
    uid: 'contacts.manage',
    pluginName: 'cxm',
  },
  {
    section: 'plugins',
    displayName: 'Tag content with profile keys and goals',
    uid: 'content.tag',
    pluginName: 'cxm',
  },
  {
    section: 'plugins',
    displayName: 'Manage definitions (goals, profiles, personas, campaigns, rules)',
    uid: 'definitions.manage',
    pluginName: 'cxm',
  },
  {
    section: 'plugins',
    displayName: 'Complete experiments and promote their winners',
    uid: 'experiments.manage',
    pluginName: 'cxm',
  },
  {
    section: 'plugins',
    displayName: 'Manage the plugin settings',
    uid: 'settings.manage',
    pluginName: 'cxm',
  },
  {
    section: 'plugins',
    displayName: 'Manage automations (flows, enrolments, tracked links)',
    uid: 'automations.manage',
    pluginName: 'cxm',
  },
];
