import type * as React from 'react';
import { Layouts, Page, SubNav } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import {
  ANY_PLUGIN_PERMISSION,
  permissionsOf,
  useCxmPermissions,
  type ActionName,
} from '../permissions';
import { useTranslate } from '../utils/translate';
import { Dashboard } from './Dashboard';
import { ExperimentCreate, ExperimentList, ExperimentPage } from './Experiments';
import { Simulator } from './Simulator';
import { Goals } from './Goals';
import { Profiles } from './Profiles';
import { Personas } from './Personas';
import { ContactDetail, ContactList } from './Contacts';
import { Settings } from './Settings';
import { Campaigns } from './Campaigns';
import { RuleSetEditor, RuleSets } from './Rules';
import { Automations } from './Automations';
import { AutomationEditor } from './AutomationEditor';

/**
 * The plugin's pages: each is listed in the sub-navigation only for roles that hold its
 * permission (the page itself is protected too, and the API refuses the rest).
 */
const SECTIONS: Array<{ path: string; id: string; label: string; permission: ActionName }> = [
  { path: 'dashboard', id: 'nav.dashboard', label: 'Dashboard', permission: 'readAnalytics' },
  { path: 'contacts', id: 'nav.contacts', label: 'Contacts', permission: 'readContacts' },
  { path: 'experiments', id: 'nav.experiments', label: 'Experiments', permission: 'readAnalytics' },
  { path: 'simulator', id: 'nav.simulator', label: 'Simulator', permission: 'readAnalytics' },
  { path: 'rules', id: 'nav.rules', label: 'Rules', permission: 'manageDefinitions' },
  { path: 'personas', id: 'nav.personas', label: 'Personas', permission: 'manageDefinitions' },
  {
    path: 'profiles',
    id: 'nav.profiles',
    label: 'Profiles & keys',
    permission: 'manageDefinitions',
  },
  { path: 'goals', id: 'nav.goals', label: 'Goals', permission: 'manageDefinitions' },
  { path: 'campaigns', id: 'nav.campaigns', label: 'Campaigns', permission: 'manageDefinitions' },
  {
    path: 'automations',
    id: 'nav.automations',
    label: 'Automations',
    permission: 'manageAutomations',
  },
  { path: 'settings', id: 'nav.settings', label: 'Settings', permission: 'manageSettings' },
];

function Navigation({ sections }: { sections: typeof SECTIONS }) {
  const t = useTranslate();
  const title = t('plugin.name', 'Experience');
  return (
    <SubNav.Main aria-label={title}>
      <SubNav.Header label={title} />
      <SubNav.Sections>
        {sections.map((section) => (
          <SubNav.Link key={section.path} to={section.path} label={t(section.id, section.label)} />
        ))}
      </SubNav.Sections>
    </SubNav.Main>
  );
}

const guard = (permission: ActionName, page: React.ReactElement) => (
  <Page.Protect permissions={permissionsOf(permission)}>{page}</Page.Protect>
);

function Sections() {
  const allowed = useCxmPermissions();
  const sections = SECTIONS.filter((section) => allowed[section.permission]);
  return (
    <Layouts.Root sideNav={<Navigation sections={sections} />}>
      <Routes>
        <Route
          index
          element={
            sections[0] ? <Navigate to={sections[0].path} replace /> : <Page.NoPermissions />
          }
        />
        <Route path="dashboard" element={guard('readAnalytics', <Dashboard />)} />
        <Route path="experiments" element={guard('readAnalytics', <ExperimentList />)} />
        <Route path="experiments/new" element={guard('manageExperiments', <ExperimentCreate />)} />
        <Route
          path="experiments/:documentId"
          element={guard('readAnalytics', <ExperimentPage />)}
        />
        <Route path="simulator" element={guard('readAnalytics', <Simulator />)} />
        <Route path="goals" element={guard('manageDefinitions', <Goals />)} />
        <Route path="profiles" element={guard('manageDefinitions', <Profiles />)} />
        <Route path="personas" element={guard('manageDefinitions', <Personas />)} />
        <Route path="contacts" element={guard('readContacts', <ContactList />)} />
        <Route path="contacts/:visitorId" element={guard('readContacts', <ContactDetail />)} />
        <Route path="settings" element={guard('manageSettings', <Settings />)} />
        <Route path="campaigns" element={guard('manageDefinitions', <Campaigns />)} />
        <Route path="automations" element={guard('manageAutomations', <Automations />)} />
        <Route
          path="automations/:documentId"
          element={guard('manageAutomations', <AutomationEditor />)}
        />
        <Route path="rules" element={guard('manageDefinitions', <RuleSets />)} />
        <Route path="rules/:documentId" element={guard('manageDefinitions', <RuleSetEditor />)} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Layouts.Root>
  );
}

const App = () => (
  <Page.Protect permissions={ANY_PLUGIN_PERMISSION}>
    <Sections />
  </Page.Protect>
);

export default App;
