import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { Dashboard } from './Dashboard';
import { ExperimentList, ExperimentResults } from './Experiments';
import { Simulator } from './Simulator';
import { Goals } from './Goals';

const ANALYTICS_PERMISSIONS = [{ action: 'plugin::cxm.analytics.read', subject: null }];

const App = () => (
  <Page.Protect permissions={ANALYTICS_PERMISSIONS}>
    <Routes>
      <Route index element={<Dashboard />} />
      <Route path="experiments" element={<ExperimentList />} />
      <Route path="simulator" element={<Simulator />} />
      <Route path="goals" element={<Goals />} />
      <Route path="experiments/:documentId" element={<ExperimentResults />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
