import type {
  DataResponse,
  Simulation,
  SimulationRequest,
  SimulatorTargets,
} from '../../../server/src/contracts';
import { useClient, type FetchClient } from './client';

const simulatorApi = ({ get, post }: FetchClient) => ({
  targets: async () =>
    (await get<DataResponse<SimulatorTargets>>('/cxm/simulator/targets')).data.data,
  simulate: async (request: SimulationRequest) =>
    (await post<DataResponse<Simulation>>('/cxm/simulate', request)).data.data,
});

/** `/cxm/simulator/targets` and `/cxm/simulate`: serving a document to a described visitor. */
export const useSimulatorApi = () => useClient(simulatorApi);
