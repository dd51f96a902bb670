import type {
  Catalog,
  DataResponse,
  DocumentOption,
  RuleSet,
  RuleSetCreateInput,
  RuleSetList,
  RuleSetUpdateInput,
  RuleValidation,
  RuleValidationRequest,
} from '../../../server/src/contracts';
import { useClient, withQuery, type FetchClient } from './client';

const ruleSetPath = (documentId: string) => `/cxm/rules/${documentId}`;

const rulesApi = ({ get, post, put, del }: FetchClient) => ({
  list: async () => (await get<DataResponse<RuleSetList>>('/cxm/rules')).data.data,
  catalog: async () => (await get<DataResponse<Catalog>>('/cxm/rules/catalog')).data.data,
  /** the documents of a content type, by title, as bases and variants */
  documents: async (uid: string) =>
    (await get<DataResponse<DocumentOption[]>>(withQuery('/cxm/rules/documents', { uid }))).data
      .data,
  validate: async (request: RuleValidationRequest) =>
    (await post<DataResponse<RuleValidation>>('/cxm/rules/validate', request)).data.data,
  create: async (ruleSet: RuleSetCreateInput) =>
    (await post<DataResponse<RuleSet>>('/cxm/rules', ruleSet)).data.data,
  update: async (documentId: string, ruleSet: RuleSetUpdateInput) =>
    (await put<DataResponse<RuleSet>>(ruleSetPath(documentId), ruleSet)).data.data,
  remove: async (documentId: string) => {
    await del(ruleSetPath(documentId));
  },
});

/** `/cxm/rules`: variant rule sets and the condition builder's catalog. */
export const useRulesApi = () => useClient(rulesApi);
