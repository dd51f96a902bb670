/**
 * Definitions (profiles, personas, goals, content tags, variant rules) compiled once and kept
 * in memory: the hot path never queries them. A change through the Document Service
 * invalidates this instance at once and bumps a version in the core store that other
 * instances poll. The same version announces changed runtime settings (onRemoteChange).
 */
import type { Core } from '@strapi/strapi';
import type { ProfileDef } from '../core/scoring';
import type { PersonaDef } from '../core/persona';
import {
  catalogWith,
  parseRuleSet,
  variantsOf,
  type CompiledRuleSet,
  type PathCatalog,
} from '../core/rules';
import type { CampaignDef } from '../core/campaigns';
import { validateExperiment, type ExperimentDef } from '../core/experiments';
import { describeIssues } from '../validation/definitions';
import { UIDS, DEFINITION_UIDS } from '../uids';
import type {
  CampaignRecord,
  ContentTagRecord,
  ExperimentRecord,
  GoalRecord,
  PersonaRecord,
  ProfileRecord,
  RuleSetRecord,
} from '../records';

export interface GoalDef {
  slug: string;
  name: string;
  points: number;
  isConversion: boolean;
  /** counted each time; otherwise once per visit */
  repeatable: boolean;
}

export interface ContentTagDef {
  /** key slug → value */
  values: Record<string, number>;
  goals: string[];
}

export interface DocumentRules {
  ruleSet: CompiledRuleSet;
  /** document ids of every variant the rules may serve */
  variants: string[];
}

export interface Definitions {
  profiles: ProfileDef[];
  /** key slug → profile slug */
  profileOfKey: Map<string, string>;
  personas: Map<string, PersonaDef[]>;
  personaNames: Map<string, string>;
  keyNames: Map<string, string>;
  goals: Map<string, GoalDef>;
  campaigns: CampaignDef[];
  /** `${uid}:${documentId}` → tag */
  tags: Map<string, ContentTagDef>;
  /** `${uid}:${documentId}` → the experiment running on that base document */
  experiments: Map<string, ExperimentDef>;
  /** `${uid}:${documentId}` → rules of that base document */
  rules: Map<string, DocumentRules>;
  /** uid → documents that are variants of another document (hidden from lists) */
  variantDocuments: Map<string, Set<string>>;
  /** uids with any tag or rule: reads of other types are left alone */
  personalizedUids: Set<string>;
  catalog: PathCatalog;
}

export const documentKey = (uid: string, documentId: string) => `${uid}:${documentId}`;

const STORE_KEY = { type: 'plugin', name: 'cxm', key: 'definitions-version' } as const;

function numericRecord(value: unknown): Record<string, number> {
  const record: Record<string, number> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, entry] of Object.entries(value))
      if (typeof entry === 'number' && Number.isFinite(entry)) record[key] = entry;
  }
  return record;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: Promise<Definitions> | undefined;
  /** what `cached` resolved to, for the hot path to read without awaiting */
  let loaded: Definitions | undefined;
  let knownVersion: number | undefined;
  let poller: NodeJS.Timeout | undefined;
  const remoteChangeListeners: Array<() => Promise<void>> = [];

  async function load(): Promise<Definitions> {
    // the version these definitions are of: a change made before the first poll is still noticed
    const version = await storedVersion();
    if (knownVersion === undefined) knownVersion = version;
    const [profileRows, personaRows, goalRows, tagRows, ruleRows, campaignRows, experimentRows] =
      await Promise.all([
        strapi.db.query(UIDS.profile).findMany({ populate: { keys: true } }) as Promise<
          ProfileRecord[]
        >,
        strapi.db.query(UIDS.persona).findMany({ populate: { profile: true } }) as Promise<
          PersonaRecord[]
        >,
        strapi.db.query(UIDS.goal).findMany() as Promise<GoalRecord[]>,
        strapi.db.query(UIDS.contentTag).findMany({ populate: { goals: true } }) as Promise<
          ContentTagRecord[]
        >,
        strapi.db.query(UIDS.variantRule).findMany() as Promise<RuleSetRecord[]>,
        strapi.db.query(UIDS.campaign).findMany() as Promise<CampaignRecord[]>,
        strapi.db.query(UIDS.experiment).findMany({ where: { state: 'running' } }) as Promise<
          ExperimentRecord[]
        >,
      ]);

    const profiles: ProfileDef[] = profileRows.map((row) => ({
      slug: row.slug,
      scoring: row.scoring === 'average' ? 'average' : 'sum',
      halfLifeDays: Number(row.halfLifeDays) || 0,
      keys: (row.keys ?? [])
        .map((key) => ({
          slug: key.slug,
          min: Number(key.min ?? 0),
          max: Number(key.max ?? 10),
        }))
        .sort((a, b) => (a.slug < b.slug ? -1 : 1)),
    }));
    const profileOfKey = new Map<string, string>();
    const keyNames = new Map<string, string>();
    for (const row of profileRows) {
      for (const key of row.keys ?? []) {
        profileOfKey.set(key.slug, row.slug);
        keyNames.set(key.slug, key.name);
      }
    }

    const personas = new Map<string, PersonaDef[]>();
    const personaNames = new Map<string, string>();
    for (const row of personaRows) {
      if (!row.profile) continue;
      const list = personas.get(row.profile.slug) ?? [];
      list.push({ slug: row.slug, values: numericRecord(row.keyValues) });
      personas.set(row.profile.slug, list);
      personaNames.set(row.slug, row.name);
    }

    const goals = new Map<string, GoalDef>(
      goalRows.map((row) => [
        row.slug,
        {
          slug: row.slug,
          name: row.name,
          points: row.points ?? 0,
          isConversion: !!row.isConversion,
          repeatable: !!row.repeatable,
        },
      ])
    );

    const campaigns: CampaignDef[] = campaignRows.map((row) => ({
      slug: row.slug,
      channel: row.channel ?? null,
      utmSource: row.utmSource ?? null,
      utmMedium: row.utmMedium ?? null,
      utmCampaign: row.utmCampaign ?? null,
      linkToken: row.linkToken ?? null,
    }));

    const catalog = catalogWith({
      profileKeys: [...profileOfKey.keys()],
      personas: [...personaNames.keys()],
      goals: [...goals.keys()],
    });

    const personalizedUids = new Set<string>();
    const tags = new Map<string, ContentTagDef>();
    for (const row of tagRows) {
      tags.set(documentKey(row.targetUid, row.targetDocumentId), {
        values: numericRecord(row.keyValues),
        goals: (row.goals ?? []).map((goal) => goal.slug),
      });
      personalizedUids.add(row.targetUid);
    }

    const rules = new Map<string, DocumentRules>();
    const variantDocuments = new Map<string, Set<string>>();
    for (const row of ruleRows) {
      // Rules are validated on save; one that no longer fits the definitions (a deleted persona, say) is skipped, not served half-checked.
      const parsed = parseRuleSet(row.rules, catalog);
      if ('issues' in parsed) {
        strapi.log.warn(
          `[cxm] variant rules ${row.documentId} skipped: ${describeIssues(parsed.issues)}`
        );
        continue;
      }
      // A variant stays a variant while its rule or the whole set is disabled: it is kept out of lists, just not served.
      const variants = variantsOf(parsed.rules);
      if (row.enabled)
        rules.set(documentKey(row.baseUid, row.baseDocumentId), {
          ruleSet: parsed.compiled,
          variants,
        });
      const hidden = variantDocuments.get(row.baseUid) ?? new Set<string>();
      for (const id of variants) if (id !== row.baseDocumentId) hidden.add(id);
      variantDocuments.set(row.baseUid, hidden);
      personalizedUids.add(row.baseUid);
    }

    const experiments = new Map<string, ExperimentDef>();
    for (const row of experimentRows) {
      const issues = validateExperiment(
        { variants: row.variants, successGoals: row.successGoals, state: 'running' },
        new Set(goals.keys())
      );
      if (issues.length > 0) {
        strapi.log.warn(`[cxm] experiment ${row.slug} skipped: ${describeIssues(issues)}`);
        continue;
      }
      const def: ExperimentDef = {
        slug: row.slug,
        baseUid: row.baseUid,
        baseDocumentId: row.baseDocumentId,
        variants: row.variants,
        coverage: row.coverage === null || row.coverage === undefined ? 1 : Number(row.coverage),
        holdout: Number(row.holdout) || 0,
        successGoals: row.successGoals,
        minimumSample: row.minimumSample ?? 1000,
      };
      experiments.set(documentKey(row.baseUid, row.baseDocumentId), def);
      const hidden = variantDocuments.get(row.baseUid) ?? new Set<string>();
      for (const variant of def.variants)
        if (variant.documentId && variant.documentId !== row.baseDocumentId)
          hidden.add(variant.documentId);
      variantDocuments.set(row.baseUid, hidden);
      personalizedUids.add(row.baseUid);
    }

    return {
      profiles,
      profileOfKey,
      experiments,
      personas,
      personaNames,
      keyNames,
      goals,
      campaigns,
      tags,
      rules,
      variantDocuments,
      personalizedUids,
      catalog,
    };
  }

  async function storedVersion(): Promise<number> {
    return Number((await strapi.store.get(STORE_KEY)) ?? 0);
  }

  return {
    get(): Promise<Definitions> {
      if (!cached) {
        const loading = load();
        cached = loading;
        loading.then(
          (defs) => {
            if (cached === loading) loaded = defs;
          },
          () => {
            if (cached === loading) cached = undefined;
          }
        );
      }
      return cached;
    },

    /** The definitions once loaded and still current, else undefined (then `get` loads them). */
    current(): Definitions | undefined {
      return loaded;
    },

    /** Drops this instance's cache and tells the other instances to drop theirs. */
    async invalidate(): Promise<void> {
      cached = undefined;
      loaded = undefined;
      knownVersion = (await storedVersion()) + 1;
      await strapi.store.set({ ...STORE_KEY, value: knownVersion });
    },

    isDefinition(uid: string): boolean {
      return DEFINITION_UIDS.has(uid);
    },

    startPolling(intervalMs: number): void {
      poller = setInterval(async () => {
        try {
          const version = await storedVersion();
          const changed = knownVersion !== undefined && version !== knownVersion;
          knownVersion = version;
          if (changed) {
            cached = undefined;
            loaded = undefined;
            for (const listener of remoteChangeListeners) await listener();
          }
        } catch (error) {
          strapi.log.warn(`[cxm] definitions version check failed: ${(error as Error).message}`);
        }
      }, intervalMs);
      poller.unref();
    },

    /** Runs `listener` when polling finds that another instance bumped the version. */
    onRemoteChange(listener: () => Promise<void>): void {
      remoteChangeListeners.push(listener);
    },

    stopPolling(): void {
      if (poller) clearInterval(poller);
    },
  };
};
