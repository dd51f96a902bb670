/** Which campaign a visit came from: its link token, or its UTM values. */

export interface CampaignDef {
  slug: string;
  channel: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  linkToken: string | null;
}

/** The query parameter that carries a campaign's link token (QR codes, print, short links). */
export const LINK_TOKEN_PARAM = 'cxm_c';

const norm = (value: string | null | undefined) => value?.trim().toLowerCase() || null;

/**
 * A link token identifies its campaign outright. Otherwise a campaign matches when its
 * utm_campaign equals the visit's and each of its utm_source / utm_medium that is set equals
 * the visit's too (case-insensitive); the most specific match wins.
 */
export function matchCampaign(
  campaigns: CampaignDef[],
  params: Record<string, string | undefined>
): CampaignDef | null {
  const token = params[LINK_TOKEN_PARAM];
  if (token) {
    const byToken = campaigns.find(
      (campaign) => campaign.linkToken !== null && campaign.linkToken === token
    );
    if (byToken) return byToken;
  }
  const utm = {
    campaign: norm(params.utm_campaign),
    source: norm(params.utm_source),
    medium: norm(params.utm_medium),
  };
  if (!utm.campaign) return null;
  let best: CampaignDef | null = null;
  let bestSpecificity = -1;
  for (const campaign of campaigns) {
    if (norm(campaign.utmCampaign) !== utm.campaign) continue;
    if (campaign.utmSource && norm(campaign.utmSource) !== utm.source) continue;
    if (campaign.utmMedium && norm(campaign.utmMedium) !== utm.medium) continue;
    const specificity = (campaign.utmSource ? 1 : 0) + (campaign.utmMedium ? 1 : 0);
    if (specificity > bestSpecificity) {
      best = campaign;
      bestSpecificity = specificity;
    }
  }
  return best;
}
