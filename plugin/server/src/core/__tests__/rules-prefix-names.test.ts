import { compileCondition, validateCondition } from '../rules';

describe('names after a prefix', () => {
  it('accepts the documented point with decimals: geo.distanceKm.49.4521,11.0767', () => {
    const condition = { 'geo.distanceKm.49.4521,11.0767': { $lt: 50 } };
    expect(validateCondition(condition)).toEqual([]);
    const read = (distance: number) => (path: string) =>
      path === 'geo.distanceKm.49.4521,11.0767' ? distance : undefined;
    expect(compileCondition(condition)(read(12))).toBe(true);
    expect(compileCondition(condition)(read(80))).toBe(false);
  });

  it.each([
    ['geo.distanceKm.49.4521.11.0767', 'a point written <latitude>,<longitude>'],
    ['goals.withinDays.1.5', 'a whole number of days from 1 to 9999'],
    ['contact.attributes.a.b', "the name after 'contact.attributes.' cannot contain dots"],
  ])('refuses %s, naming the shape it wants', (path, words) => {
    const [issue] = validateCondition({ [path]: { $null: true } });
    expect(issue.message).toContain(words);
  });
});

describe('names that every object has', () => {
  it.each([
    'contact.attributes.__proto__',
    'contact.attributes.constructor',
    'contact.attributes.hasOwnProperty',
    'scores.__proto__',
  ])('refuses %s as it refuses the other prototype paths', (path) => {
    const [issue] = validateCondition({ [path]: { $null: true } });
    expect(issue?.message).toMatch(/built-in property of every object|accepts/);
  });

  it('keeps ordinary attribute names', () => {
    expect(validateCondition({ 'contact.attributes.industry': { $eq: 'cars' } })).toEqual([]);
  });
});
