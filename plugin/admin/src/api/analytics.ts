import type {
  AnalyticsGoals,
  AnalyticsMatrix,
  AnalyticsOverview,
  AnalyticsPersonas,
  AnalyticsQuery,
  DataResponse,
} from '../../../server/src/contracts';
import { useClient, withQuery, type FetchClient } from './client';

const analyticsApi = ({ get }: FetchClient) => {
  const read = async <Figures>(route: string, query: AnalyticsQuery) =>
    (await get<DataResponse<Figures>>(withQuery(`/cxm/analytics/${route}`, { ...query }))).data
      .data;
  return {
    overview: (query: AnalyticsQuery) => read<AnalyticsOverview>('overview', query),
    matrix: (query: AnalyticsQuery) => read<AnalyticsMatrix>('matrix', query),
    personas: (query: AnalyticsQuery) => read<AnalyticsPersonas>('personas', query),
    goals: (query: AnalyticsQuery) => read<AnalyticsGoals>('goals', query),
  };
};

/** `GET /cxm/analytics/*`: the dashboard's figures, read from rollups. */
export const useAnalyticsApi = () => useClient(analyticsApi);
