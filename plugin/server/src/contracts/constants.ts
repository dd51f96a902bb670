/** Constants both sides use. Core stays their single source; these are its re-exports. */
export { CHANNELS, type Channel } from '../core/channels';
export type { LeafOperator, OperandKind, PathType, RuleIssue, VariantRuleDef } from '../core/rules';
export type { ScoringMode } from '../core/scoring';

/**
 * The device classes of core/device.ts, which cannot be re-exported: that module imports the
 * user-agent parsers (bowser, isbot), and the admin must not bundle them. A unit test keeps the
 * two lists equal until the constant moves to a module of its own.
 */
export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];
