import type {
  DataResponse,
  Deleted,
  Persona,
  PersonaCreateInput,
  PersonasQuery,
  PersonaUpdateInput,
} from '../../../server/src/contracts';
import { useClient, withQuery, type FetchClient } from './client';

const personaPath = (documentId: string) => `/cxm/personas/${documentId}`;

const personasApi = ({ get, post, put, del }: FetchClient) => ({
  list: async (query: PersonasQuery) =>
    (await get<DataResponse<Persona[]>>(withQuery('/cxm/personas', { ...query }))).data.data,
  create: async (persona: PersonaCreateInput) =>
    (await post<DataResponse<Persona>>('/cxm/personas', persona)).data.data,
  update: async (documentId: string, persona: PersonaUpdateInput) =>
    (await put<DataResponse<Persona>>(personaPath(documentId), persona)).data.data,
  remove: async (documentId: string) =>
    (await del<DataResponse<Deleted>>(personaPath(documentId))).data.data,
});

/** `/cxm/personas`: the pattern cards of each profile. */
export const usePersonasApi = () => useClient(personasApi);
