import * as React from 'react';
import { linkTargets, type Automation, type CampaignLink } from '../../../server/src/contracts';
import type { Vocabulary } from '../components/automation/fields';
import { apiProblem } from '../utils/api';
import { useAutomationsApi } from './automations';
import { useCampaignsApi } from './campaigns';
import { useGoalsApi } from './goals';
import { usePersonasApi } from './personas';
import { useProfilesApi } from './profiles';
import { useRulesApi } from './rules';

/** Pages already linked from e-mails and campaign links: the targets a marketer picks from. */
export function knownPageUrls(
  automations: Array<Pick<Automation, 'flow'>>,
  links: Array<Pick<CampaignLink, 'url'>>
): string[] {
  const urls = new Set<string>();
  for (const automation of automations)
    for (const step of automation.flow.steps)
      if (step.type === 'email')
        for (const url of linkTargets([step.subject, step.text, step.html ?? ''].join('\n')))
          urls.add(url);
  for (const link of links) if (link.url) urls.add(link.url);
  return [...urls].sort();
}

/**
 * What the automation forms pick from: goals, campaigns, personas, profile keys, the rule
 * catalog, known pages. `problem` says why it could not be read (e.g. a role that may manage
 * automations but not read the definitions).
 */
export function useVocabulary(): { vocabulary: Vocabulary | null; problem: string | null } {
  const automations = useAutomationsApi();
  const campaigns = useCampaignsApi();
  const goals = useGoalsApi();
  const personas = usePersonasApi();
  const profiles = useProfilesApi();
  const rules = useRulesApi();
  const [vocabulary, setVocabulary] = React.useState<Vocabulary | null>(null);
  const [problem, setProblem] = React.useState<string | null>(null);
  React.useEffect(() => {
    let current = true;
    void Promise.all([
      goals.list(),
      campaigns.list(),
      personas.list({}),
      profiles.list(),
      rules.catalog(),
      automations.list(),
      automations.campaignLinks(),
    ]).then(
      ([goalList, campaignList, personaList, profileList, catalog, flows, links]) => {
        if (!current) return;
        setVocabulary({
          goals: goalList,
          campaigns: campaignList.data,
          channels: campaignList.meta.channels,
          personas: personaList,
          profileKeys: profileList.flatMap((profile) =>
            profile.keys.map((key) => ({ slug: key.slug, name: key.name, profile: profile.name }))
          ),
          catalog,
          pageUrls: knownPageUrls(flows, links),
        });
      },
      (error: unknown) => current && setProblem(apiProblem(error).message)
    );
    return () => {
      current = false;
    };
  }, [automations, campaigns, goals, personas, profiles, rules]);
  return { vocabulary, problem };
}
