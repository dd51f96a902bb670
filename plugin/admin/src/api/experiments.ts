import type {
  DataResponse,
  ExperimentCreateInput,
  ExperimentDetail,
  ExperimentResults,
  ExperimentSummary,
  ExperimentUpdateInput,
  PromoteRequest,
  PromoteResult,
} from '../../../server/src/contracts';
import { useClient, type FetchClient } from './client';

const experimentPath = (documentId: string) => `/cxm/experiments/${documentId}`;

const experimentsApi = ({ get, post, put }: FetchClient) => ({
  list: async () => (await get<DataResponse<ExperimentSummary[]>>('/cxm/experiments')).data.data,
  findOne: async (documentId: string) =>
    (await get<DataResponse<ExperimentDetail>>(experimentPath(documentId))).data.data,
  create: async (experiment: ExperimentCreateInput) =>
    (await post<DataResponse<ExperimentDetail>>('/cxm/experiments', experiment)).data.data,
  update: async (documentId: string, experiment: ExperimentUpdateInput) =>
    (await put<DataResponse<ExperimentDetail>>(experimentPath(documentId), experiment)).data.data,
  start: async (documentId: string) =>
    (await post<DataResponse<ExperimentDetail>>(`${experimentPath(documentId)}/start`, {})).data
      .data,
  stop: async (documentId: string) =>
    (await post<DataResponse<ExperimentDetail>>(`${experimentPath(documentId)}/stop`, {})).data
      .data,
  results: async (documentId: string) =>
    (await get<DataResponse<ExperimentResults>>(`${experimentPath(documentId)}/results`)).data.data,
  promote: async (documentId: string, request: PromoteRequest) =>
    (await post<DataResponse<PromoteResult>>(`${experimentPath(documentId)}/promote`, request)).data
      .data,
});

/** `/cxm/experiments`: the list, one experiment's set-up (created, edited, started, stopped), its results, promoting its winner. */
export const useExperimentsApi = () => useClient(experimentsApi);
