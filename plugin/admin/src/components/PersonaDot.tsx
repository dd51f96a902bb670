import { personaColor } from '../utils/colors';

/** A persona's colour as a dot beside its name: the same colour on every page that names it. */
export function PersonaDot({ persona, size = 12 }: { persona: string | null; size?: number }) {
  return (
    <span
      aria-hidden
      data-testid="cxm-persona-dot"
      style={{
        width: size,
        height: size,
        borderRadius: size / 2,
        background: personaColor(persona),
        display: 'inline-block',
      }}
    />
  );
}
