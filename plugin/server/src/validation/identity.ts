import { z } from 'zod';
import { hasUnstorableCharacters } from '../core/text';

/** A text of a person as the frontend's server knows it: no control characters, no lone surrogates. */
const storable = (text: z.ZodString) =>
  text.refine((value) => !hasUnstorableCharacters(value), {
    message: 'must not contain control characters or lone surrogates',
  });

const attributeValue = z.union([
  storable(z.string().max(500)),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

/** `POST /api/cxm/identify` body: who the visitor is, as the frontend's server knows it. */
export const identifySchema = z
  .object({
    email: z.email().max(254).optional(),
    externalId: storable(z.string().min(1).max(200)).optional(),
    attributes: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'attribute names are letters, digits and _'),
        attributeValue
      )
      .refine((record) => Object.keys(record).length <= 50, 'at most 50 attributes')
      .optional(),
  })
  .strict()
  .refine((body) => body.email || body.externalId, { message: 'email or externalId is required' });
