/**
 * The Content Manager's Personalization panel: `GET`/`PUT /cxm/tagging` (an entry's key values
 * and goals, its rules and experiments), `POST /cxm/variants`, `PUT /cxm/variants/rule`.
 */
import type { KeyDef } from '../core/scoring';
import type { ExperimentState } from './experiments';
import type { StoredRule } from './rules';

/** One entry of a content type; `locale` names its variants in the editor's language. */
export interface ContentTarget {
  uid: string;
  documentId: string;
}

export interface TaggingQuery extends ContentTarget {
  locale?: string;
}

/** A rule of the entry's own set, with its variant's title. */
export interface PanelRule extends StoredRule {
  enabled: boolean;
  variantTitle: string | null;
}

export interface PanelRuleSet {
  documentId: string;
  name: string | null;
  enabled: boolean;
  rules: PanelRule[];
}

/** A base whose rules serve the entry on view as a variant. */
export interface VariantBase {
  documentId: string;
  title: string | null;
  /** the documentId of the base's rule set, whose page in the rule builder edits the rules */
  ruleSet: string;
  ruleSetEnabled: boolean;
  rules: Array<{ name: string; enabled: boolean; condition: unknown }>;
}

export interface Tagging {
  profiles: Array<{ slug: string; name: string; keys: Array<KeyDef & { name: string }> }>;
  goals: Array<{ slug: string; name: string; points: number }>;
  tag: { keyValues: Record<string, number>; goals: string[] } | null;
  /** false for types that cannot have variants (single types) */
  canHaveVariants: boolean;
  rules: PanelRuleSet | null;
  variantOf: VariantBase[];
  experiments: Array<{ documentId: string; slug: string; name: string; state: ExperimentState }>;
}

/** `PUT /cxm/tagging`: a tag without values or goals is removed. */
export interface TagInput extends ContentTarget {
  keyValues: Record<string, number>;
  /** goal slugs */
  goals?: string[];
}

/** The saved tag; null when it was removed. */
export type TagSaved = {
  documentId: string;
  keyValues: Record<string, number>;
  goals: string[];
} | null;

/** `POST /cxm/variants`: copy the entry (in this locale) into a new variant. */
export interface VariantRequest extends ContentTarget {
  locale?: string;
}

export interface VariantCreated {
  documentId: string;
  locale: string | null;
  title: string;
  /** the (disabled) rule that serves it */
  rule: string;
  ruleSet: string;
}

/** `GET /cxm/variants?uid=`: for the Content Manager's list, which entries of a type are variants, and of which entry. */
export interface VariantMarker {
  documentId: string;
  baseDocumentId: string;
  /** the base entry's title (its documentId when it has none) */
  baseTitle: string;
  /** 'rules' when a rule of the base's set serves it, 'experiment' when only an experiment arm does */
  servedBy: 'rules' | 'experiment';
}

/** `PUT /cxm/variants/rule`: enable/disable one rule of the entry's set, or move it one place. */
export type RuleEdit = ContentTarget & { name: string } & (
    { enabled: boolean } | { move: 'up' | 'down' }
  );

export interface RuleEditResult {
  rules: StoredRule[];
}
