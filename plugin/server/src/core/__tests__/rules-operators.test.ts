import { BASE_CATALOG, operatorsFor, validateCondition } from '../rules';

const operatorNames = (path: string) =>
  operatorsFor(BASE_CATALOG.exact[path]).map((entry) => entry.operator);

describe('operatorsFor', () => {
  it('offers text operators on strings only, and no ordering on booleans', () => {
    expect(operatorNames('geo.country')).toEqual(
      expect.arrayContaining(['$eq', '$in', '$contains', '$startsWith', '$between', '$null'])
    );
    expect(operatorNames('visit.number')).not.toContain('$contains');
    expect(operatorNames('visit.number')).toContain('$between');
    expect(operatorNames('visit.returning')).toEqual([
      '$eq',
      '$ne',
      '$in',
      '$notIn',
      '$null',
      '$notNull',
    ]);
  });

  it('offers a threshold first on scores, engagement value and distances', () => {
    const prefixed = (prefix: string) =>
      operatorsFor(BASE_CATALOG.prefixes[prefix]).map((entry) => entry.operator);
    expect(prefixed('scores.').slice(0, 2)).toEqual(['$gte', '$gt']);
    expect(operatorNames('engagement.value')[0]).toBe('$gte');
    expect(operatorNames('persona.distance')[0]).toBe('$lte');
    expect(prefixed('geo.distanceKm.')[0]).toBe('$lte');
    // every operator is still offered, once
    expect([...prefixed('scores.')].sort()).toEqual([...operatorNames('visit.number')].sort());
    expect(operatorNames('visit.number')[0]).toBe('$eq');
  });

  it('names the operand each operator takes', () => {
    const kinds = Object.fromEntries(
      operatorsFor(BASE_CATALOG.exact['visit.number']).map((entry) => [
        entry.operator,
        entry.operand,
      ])
    );
    expect(kinds).toMatchObject({
      $eq: 'value',
      $in: 'list',
      $gte: 'ordered',
      $between: 'range',
      $null: 'flag',
    });
  });

  it('offers exactly the operators the validator accepts for each path type', () => {
    const one = { 'visit.number': 1, 'visit.returning': true, 'geo.country': 'DE' } as const;
    const operandOf = (path: keyof typeof one, kind: string) =>
      kind === 'flag'
        ? true
        : kind === 'list'
          ? [one[path]]
          : kind === 'range'
            ? [one[path], one[path]]
            : kind === 'text'
              ? 'x'
              : one[path];
    const allOperators = operatorsFor(BASE_CATALOG.exact['geo.country']);
    for (const path of Object.keys(one) as Array<keyof typeof one>) {
      const offered = new Set(operatorNames(path));
      for (const { operator, operand } of allOperators) {
        const accepted =
          validateCondition({ [path]: { [operator]: operandOf(path, operand) } }).length === 0;
        expect([path, operator, accepted]).toEqual([path, operator, offered.has(operator)]);
      }
    }
  });
});
