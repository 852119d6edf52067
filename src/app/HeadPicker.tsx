interface HeadPickerProps {
  layer: number;
  head: number;
  numLayers: number;
  numHeads: number;
  onChange: (layer: number, head: number) => void;
}

/** Chooses the layer and head every single-head view shows. */
export function HeadPicker({ layer, head, numLayers, numHeads, onChange }: HeadPickerProps) {
  return (
    <span className="head-picker">
      <label>
        Layer{' '}
        <select
          value={layer}
          aria-label="Layer"
          onChange={(e) => onChange(Number(e.target.value), head)}
        >
          {Array.from({ length: numLayers }, (_, l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        Head{' '}
        <select
          value={head}
          aria-label="Head"
          onChange={(e) => onChange(layer, Number(e.target.value))}
        >
          {Array.from({ length: numHeads }, (_, h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}
