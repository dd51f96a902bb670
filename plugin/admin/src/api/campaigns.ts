import type {
  Campaign,
  CampaignCreateInput,
  CampaignList,
  CampaignUpdateInput,
  DataResponse,
} from '../../../server/src/contracts';
import { useClient, type FetchClient } from './client';

const campaignPath = (documentId: string) => `/cxm/campaigns/${documentId}`;

const campaignsApi = ({ get, post, put, del }: FetchClient) => ({
  /** the campaigns, and the channels a campaign can have */
  list: async () => (await get<CampaignList>('/cxm/campaigns')).data,
  create: async (campaign: CampaignCreateInput) =>
    (await post<DataResponse<Campaign>>('/cxm/campaigns', campaign)).data.data,
  update: async (documentId: string, campaign: CampaignUpdateInput) =>
    (await put<DataResponse<Campaign>>(campaignPath(documentId), campaign)).data.data,
  remove: async (documentId: string) => {
    await del(campaignPath(documentId));
  },
});

/** `/cxm/campaigns`: what visits are credited to. */
export const useCampaignsApi = () => useClient(campaignsApi);
