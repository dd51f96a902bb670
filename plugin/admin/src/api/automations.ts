import type {
  AutomationDetail,
  AutomationInput,
  AutomationStats,
  AutomationValidation,
  AutomationValidationRequest,
  Automation,
  CampaignLink,
  CampaignLinkInput,
  DataResponse,
  EnrollmentList,
  EnrollmentsQuery,
  SkippedWait,
} from '../../../server/src/contracts';
import { useClient, withQuery, type FetchClient } from './client';

const automationPath = (documentId: string) => `/cxm/automations/${documentId}`;

const automationsApi = ({ get, post, put, del }: FetchClient) => ({
  list: async () => (await get<DataResponse<Automation[]>>('/cxm/automations')).data.data,
  get: async (documentId: string) =>
    (await get<DataResponse<AutomationDetail>>(automationPath(documentId))).data.data,
  create: async (automation: AutomationInput) =>
    (await post<DataResponse<AutomationDetail>>('/cxm/automations', automation)).data.data,
  update: async (documentId: string, automation: AutomationInput) =>
    (await put<DataResponse<AutomationDetail>>(automationPath(documentId), automation)).data.data,
  remove: async (documentId: string) => {
    await del(automationPath(documentId));
  },
  validate: async (request: AutomationValidationRequest) =>
    (await post<DataResponse<AutomationValidation>>('/cxm/automations/validate', request)).data
      .data,
  /** refused (400) with every problem named when the automation cannot run */
  activate: async (documentId: string) =>
    (await post<DataResponse<Automation>>(`${automationPath(documentId)}/activate`, {})).data.data,
  pause: async (documentId: string) =>
    (await post<DataResponse<Automation>>(`${automationPath(documentId)}/pause`, {})).data.data,
  archive: async (documentId: string) =>
    (await post<DataResponse<Automation>>(`${automationPath(documentId)}/archive`, {})).data.data,
  stats: async (documentId: string) =>
    (await get<DataResponse<AutomationStats>>(`${automationPath(documentId)}/stats`)).data.data,
  contactEnrollments: async (visitorId: string, query: EnrollmentsQuery = {}) =>
    (
      await get<DataResponse<EnrollmentList>>(
        withQuery(`/cxm/contacts/${encodeURIComponent(visitorId)}/enrollments`, { ...query })
      )
    ).data.data,
  /** refused (400) unless the enrolment waits at a wait or wait-until step */
  skipWait: async (automationId: string, enrollmentId: string) =>
    (
      await post<DataResponse<SkippedWait>>(
        `${automationPath(automationId)}/enrollments/${enrollmentId}/skip-wait`,
        {}
      )
    ).data.data,
  campaignLinks: async () =>
    (await get<DataResponse<CampaignLink[]>>('/cxm/tracked-links')).data.data,
  createCampaignLink: async (link: CampaignLinkInput) =>
    (await post<DataResponse<CampaignLink>>('/cxm/tracked-links', link)).data.data,
  revokeCampaignLink: async (documentId: string) =>
    (await post<DataResponse<CampaignLink>>(`/cxm/tracked-links/${documentId}/revoke`, {})).data
      .data,
});

/** `/cxm/automations` and `/cxm/tracked-links`: flows, their counts, campaign links. */
export const useAutomationsApi = () => useClient(automationsApi);
