import { headColor } from '../draw/colors';

interface HeadTogglesProps {
  numLayers: number;
  numHeads: number;
  /** Heads switched on, as `${layer}:${head}`. */
  active: ReadonlySet<string>;
  /** Called with the head's key when its button is pressed. */
  onToggle: (key: string) => void;
  /** Names the group, such as "Heads to fold" or "Heads switched off". */
  label: string;
}

/** A layer-by-head block of small toggle buttons, one per head of the model. */
export function HeadToggles({ numLayers, numHeads, active, onToggle, label }: HeadTogglesProps) {
  return (
    <div
      className="head-toggles"
      role="group"
      aria-label={label}
      style={{ gridTemplateColumns: `auto repeat(${numHeads}, 2.2em)` }}
    >
      {Array.from({ length: numLayers }, (_, layer) => [
        <span key={`l${layer}`} className="grid-label">
          L{layer}
        </span>,
        ...Array.from({ length: numHeads }, (_, head) => {
          const key = `${layer}:${head}`;
          return (
            <button
              key={key}
              type="button"
              className="head-switch"
              aria-pressed={active.has(key)}
              aria-label={`Layer ${layer} head ${head}`}
              title={`Layer ${layer} head ${head}`}
              style={{ borderColor: headColor(head, numHeads) }}
              onClick={() => onToggle(key)}
            >
              {head}
            </button>
          );
        }),
      ])}
    </div>
  );
}

/** The list with `key` added when absent and removed when present, in layer-then-head order. */
export function toggled(keys: readonly string[], key: string): string[] {
  const next = new Set(keys);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  const order = (k: string) => k.split(':').map(Number);
  return [...next].sort((a, b) => {
    const [la, ha] = order(a);
    const [lb, hb] = order(b);
    return la - lb || ha - hb;
  });
}
