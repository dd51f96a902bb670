import { distanceKm, nearestFirst, parsePoint } from '../geo';

const NUREMBERG = { latitude: 49.4521, longitude: 11.0767 };
const MUNICH = { latitude: 48.1374, longitude: 11.5755 };
const VIENNA = { latitude: 48.2082, longitude: 16.3738 };

describe('geo', () => {
  it.each([
    [NUREMBERG, MUNICH, 151],
    [NUREMBERG, VIENNA, 412],
    [MUNICH, VIENNA, 355],
    [NUREMBERG, NUREMBERG, 0],
  ])('distance %j → %j ≈ %i km', (a, b, km) => {
    expect(Math.abs(distanceKm(a, b) - km)).toBeLessThan(2);
    expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 9);
  });

  it.each([
    ['49.4521,11.0767', NUREMBERG],
    ['-33.9,151.2', { latitude: -33.9, longitude: 151.2 }],
    ['91,0', null],
    ['1,2,3', null],
    ['a,b', null],
  ])('parsePoint(%s)', (text, point) => {
    expect(parsePoint(text)).toEqual(point);
  });

  it('lists the nearest first and items without coordinates last', () => {
    const dealers = [
      { name: 'Vienna', point: VIENNA },
      { name: 'Nowhere', point: null },
      { name: 'Munich', point: MUNICH },
      { name: 'Nuremberg', point: NUREMBERG },
    ];
    expect(
      nearestFirst(dealers, NUREMBERG, (dealer) => dealer.point).map((dealer) => dealer.name)
    ).toEqual(['Nuremberg', 'Munich', 'Vienna', 'Nowhere']);
  });
});
