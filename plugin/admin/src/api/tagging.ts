import type {
  DataResponse,
  RuleEdit,
  RuleEditResult,
  TagInput,
  TaggingQuery,
  Tagging,
  TagSaved,
  VariantCreated,
  VariantRequest,
} from '../../../server/src/contracts';
import { useClient, withQuery, type FetchClient } from './client';

const taggingApi = ({ get, post, put }: FetchClient) => ({
  get: async (query: TaggingQuery) =>
    (await get<DataResponse<Tagging>>(withQuery('/cxm/tagging', { ...query }))).data.data,
  save: async (tag: TagInput) => (await put<DataResponse<TagSaved>>('/cxm/tagging', tag)).data.data,
  createVariant: async (request: VariantRequest) =>
    (await post<DataResponse<VariantCreated>>('/cxm/variants', request)).data.data,
  editRule: async (edit: RuleEdit) =>
    (await put<DataResponse<RuleEditResult>>('/cxm/variants/rule', edit)).data.data,
});

/** `/cxm/tagging` and `/cxm/variants`: the Content Manager's Personalization panel. */
export const useTaggingApi = () => useClient(taggingApi);
