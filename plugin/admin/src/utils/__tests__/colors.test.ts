import { NO_PERSONA_COLOR, personaColor, SERIES_COLORS } from '../colors';

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

describe('personaColor', () => {
  const slugs = ['family-father', 'urban-single', 'eco-commuter', 'a', 'b', 'c', 'd', 'e', 'f'];

  it('gives a persona the same colour however the personas are listed', () => {
    const first = slugs.map(personaColor);
    expect([...slugs].reverse().map(personaColor).reverse()).toEqual(first);
    expect(personaColor('family-father')).not.toBe(personaColor('urban-single'));
    expect(personaColor(null)).toBe(NO_PERSONA_COLOR);
  });

  it('only uses colours with AA contrast (4.5:1) on white, as legends and series do', () => {
    const colours = new Set([
      ...slugs.map(personaColor),
      NO_PERSONA_COLOR,
      ...Object.values(SERIES_COLORS),
    ]);
    for (const colour of colours)
      expect({ colour, aa: contrastOnWhite(colour) >= 4.5 }).toEqual({ colour, aa: true });
  });
});
