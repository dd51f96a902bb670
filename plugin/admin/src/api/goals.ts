import type { DataResponse, Deleted, Goal, GoalInput } from '../../../server/src/contracts';
import { useClient, type FetchClient } from './client';

const goalsApi = ({ get, post, put, del }: FetchClient) => ({
  list: async () => (await get<DataResponse<Goal[]>>('/cxm/goals')).data.data,
  create: async (goal: GoalInput) => (await post<DataResponse<Goal>>('/cxm/goals', goal)).data.data,
  update: async (documentId: string, goal: GoalInput) =>
    (await put<DataResponse<Goal>>(`/cxm/goals/${documentId}`, goal)).data.data,
  /** refused (409, naming them) while rules, experiments, automations or content tags use the goal */
  remove: async (documentId: string) =>
    (await del<DataResponse<Deleted>>(`/cxm/goals/${documentId}`)).data.data,
});

/** `/cxm/goals`: the engagement value scale. */
export const useGoalsApi = () => useClient(goalsApi);
