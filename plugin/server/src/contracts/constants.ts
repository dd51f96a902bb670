/** Constants both sides use. Core stays their single source; these are its re-exports. */
export { CHANNELS, type Channel } from '../core/channels';
export type { LeafOperator, OperandKind, PathType, RuleIssue, VariantRuleDef } from '../core/rules';
export type { ScoringMode } from '../core/scoring';
export { DEVICE_CLASSES, type DeviceClass } from '../core/vocabulary';
