import type {
  DataResponse,
  ExperimentResults,
  ExperimentSummary,
  PromoteRequest,
  PromoteResult,
} from '../../../server/src/contracts';
import { useClient, type FetchClient } from './client';

const experimentPath = (documentId: string) => `/cxm/experiments/${documentId}`;

const experimentsApi = ({ get, post }: FetchClient) => ({
  list: async () => (await get<DataResponse<ExperimentSummary[]>>('/cxm/experiments')).data.data,
  results: async (documentId: string) =>
    (await get<DataResponse<ExperimentResults>>(`${experimentPath(documentId)}/results`)).data.data,
  promote: async (documentId: string, request: PromoteRequest) =>
    (await post<DataResponse<PromoteResult>>(`${experimentPath(documentId)}/promote`, request)).data
      .data,
});

/** `/cxm/experiments`: the list, one experiment's results, promoting its winner. */
export const useExperimentsApi = () => useClient(experimentsApi);
