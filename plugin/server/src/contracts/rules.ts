/** `/cxm/rules…`: variant rule sets and what the condition builder offers (`/cxm/rules/catalog`). */
import type { LeafOperator, OperandKind, PathType, RuleIssue, VariantRuleDef } from '../core/rules';
import type { DocumentOption } from './common';

/** A rule as stored; fields this version does not know are kept as they are. */
export interface StoredRule extends VariantRuleDef {
  [field: string]: unknown;
}

export interface RuleSet {
  documentId: string;
  name: string | null;
  enabled: boolean;
  baseUid: string;
  baseDocumentId: string;
  /** the base's content type, by its display name */
  typeName: string;
  base: DocumentOption;
  rules: StoredRule[];
  /** variant documentId → title */
  variants: Record<string, string>;
}

/** A content type whose documents can get variants. */
export interface ContentTypeOption {
  uid: string;
  displayName: string;
}

/** `GET /cxm/rules` */
export interface RuleSetList {
  ruleSets: RuleSet[];
  types: ContentTypeOption[];
}

/** `POST /cxm/rules` */
export interface RuleSetCreateInput {
  name?: string | null;
  baseUid: string;
  baseDocumentId: string;
  rules: unknown[];
  enabled?: boolean;
}

/** `PUT /cxm/rules/:documentId`: only the fields given change; the base stays. */
export interface RuleSetUpdateInput {
  name?: string | null;
  rules?: unknown[];
  enabled?: boolean;
}

/** `POST /cxm/rules/validate`: one condition, or a whole rule set (with its base type, to check the variants). */
export type RuleValidationRequest = { condition: unknown } | { rules: unknown[]; baseUid?: string };

export interface RuleValidation {
  valid: boolean;
  issues: RuleIssue[];
}

/** What the catalog says about a context path (or about the paths under a prefix). */
export interface PathInfo {
  type: PathType;
  array: boolean;
  reads: 'current' | 'history';
  description: string;
  operators: Array<{ operator: LeafOperator; operand: OperandKind }>;
  /** the shape whole operands must have, e.g. a date written YYYY-MM-DD */
  format: string | null;
  /** the list in `suggestions` that operands come from */
  suggestions: string | null;
}

export interface CatalogPrefix extends PathInfo {
  prefix: string;
  /** the shape of the name after the prefix */
  nameFormat: string | null;
  /** the list in `suggestions` that names after the prefix come from */
  nameSuggestions: string | null;
}

export interface Suggestion {
  value: string;
  label: string;
}

/** `GET /cxm/rules/catalog` */
export interface Catalog {
  paths: Array<PathInfo & { path: string }>;
  prefixes: CatalogPrefix[];
  /** list name (persona, profileKey, goal, campaign, channel, device, country) → its values */
  suggestions: Record<string, Suggestion[]>;
}
