import { personaCreateSchema, personaValueIssues, profileKeySchema } from '../profiles';

const keys = [
  { slug: 'limousine', min: 0, max: 10 },
  { slug: 'budget', min: -5, max: 5 },
];

describe('personaValueIssues', () => {
  it('accepts one value within range for every key', () => {
    expect(personaValueIssues({ limousine: 10, budget: -5 }, keys)).toEqual([]);
  });

  it('names values out of range, keys of no profile and missing keys', () => {
    expect(personaValueIssues({ limousine: 11, speed: 1 }, keys)).toEqual([
      { path: 'keyValues.limousine', message: 'must be between 0 and 10' },
      { path: 'keyValues.speed', message: "unknown profile key 'speed'" },
      { path: 'keyValues.budget', message: "a value for 'budget' is required" },
    ]);
  });
});

describe('profileKeySchema', () => {
  it('needs min below max, and a name', () => {
    expect(profileKeySchema.safeParse({ name: 'Budget', min: -5, max: 5 }).success).toBe(true);
    expect(profileKeySchema.safeParse({ name: 'Budget' }).data).toEqual({
      name: 'Budget',
      min: 0,
      max: 10,
    });
    expect(
      profileKeySchema.safeParse({ name: 'Budget', min: 5, max: 5 }).error?.issues[0]
    ).toMatchObject({ path: ['max'], message: 'min must be less than max' });
    expect(
      profileKeySchema.safeParse({ name: ' ', min: 0, max: 1 }).error?.issues[0]
    ).toMatchObject({ path: ['name'], message: 'must not be empty' });
  });
});

describe('personaCreateSchema', () => {
  it('takes a slug only in the shape rules use', () => {
    const persona = { profile: 'abc', name: 'Racer', keyValues: { limousine: 1 } };
    expect(personaCreateSchema.safeParse({ ...persona, slug: 'race-car' }).success).toBe(true);
    expect(personaCreateSchema.safeParse({ ...persona, slug: 'Race car' }).success).toBe(false);
    expect(personaCreateSchema.safeParse({ ...persona, slug: 'race--car' }).success).toBe(false);
  });
});
