/** Profiles, their keys and personas as the admin's Profiles & Personas pages edit them. */
import { z } from 'zod';
import type { RuleIssue } from '../core/rules';
import type { KeyDef } from '../core/scoring';
import { checkKeyValues } from './definitions';

const name = z.string().trim().min(1, 'must not be empty').max(100);
const description = z.string().max(2000).nullable().optional();
const documentId = z.string().min(1).max(100);

export const profileSchema = z
  .object({
    name,
    description,
    scoring: z.enum(['sum', 'average']).default('sum'),
    /** 0 = scores never decay */
    halfLifeDays: z.number().min(0).max(3650).default(0),
  })
  .strict();

export const profileKeySchema = z
  .object({
    name,
    min: z.number().finite().default(0),
    max: z.number().finite().default(10),
  })
  .strict()
  .refine((key) => key.min < key.max, { message: 'min must be less than max', path: ['max'] });

const keyValues = z.record(z.string(), z.number().finite());

/** The slug is derived from the name unless given; it stays as it is afterwards, since rules name it. */
export const personaCreateSchema = z
  .object({
    profile: documentId,
    name,
    slug: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single dashes')
      .max(100)
      .optional(),
    description,
    keyValues,
  })
  .strict();

export const personaUpdateSchema = z.object({ name, description, keyValues }).strict();

/** `GET /cxm/personas?profile=<documentId>` */
export const personasQuerySchema = z.object({ profile: documentId.optional() }).strict();

/** A persona's values: exactly one, within range, for each key of its profile. */
export function personaValueIssues(values: Record<string, number>, keys: KeyDef[]): RuleIssue[] {
  return [
    ...checkKeyValues(values, new Map(keys.map((key) => [key.slug, key])), 'keyValues'),
    ...keys
      .filter((key) => values[key.slug] === undefined)
      .map((key) => ({
        path: `keyValues.${key.slug}`,
        message: `a value for '${key.slug}' is required`,
      })),
  ];
}

export type ProfileInput = z.output<typeof profileSchema>;
export type ProfileKeyInput = z.output<typeof profileKeySchema>;
export type NewPersonaInput = z.output<typeof personaCreateSchema>;
export type PersonaInput = z.output<typeof personaUpdateSchema>;
