import { COLOR_TRANSFORMS, SEQUENTIAL_SCHEMES } from '../draw/colors';
import type { Settings } from './settings';

type ColourSettings = Pick<Settings, 'scheme' | 'transform' | 'normalization'>;

interface ColourControlsProps {
  /** The colour settings in force. */
  settings: ColourSettings;
  /** Called with the one setting that changed. */
  onChange: (patch: Partial<ColourSettings>) => void;
}

const NORMALIZATIONS: { value: Settings['normalization']; label: string }[] = [
  { value: 'row', label: 'per row' },
  { value: 'head', label: 'per head' },
  { value: 'all', label: 'across all heads' },
];

interface ChoiceProps<K extends keyof ColourSettings> {
  name: K;
  label: string;
  accessibleName: string;
  choices: readonly { value: ColourSettings[K]; label: string }[];
  props: ColourControlsProps;
}

/** One labelled menu over a colour setting. */
function Choice<K extends keyof ColourSettings>(choice: ChoiceProps<K>) {
  const { name, label, accessibleName, choices, props } = choice;
  return (
    <label>
      {label}{' '}
      <select
        value={props.settings[name]}
        aria-label={accessibleName}
        onChange={(e) =>
          props.onChange({ [name]: e.target.value as ColourSettings[K] } as Partial<ColourSettings>)
        }
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const plain = <T extends string>(values: readonly T[]) =>
  values.map((value) => ({ value, label: value }));

/** The colour scheme, the scale it is read on, and what each heatmap is normalised to. */
export function ColourControls(props: ColourControlsProps) {
  return (
    <>
      <Choice
        name="scheme"
        label="Colours"
        accessibleName="Colour scheme"
        choices={plain(SEQUENTIAL_SCHEMES)}
        props={props}
      />
      <Choice
        name="transform"
        label="Scale"
        accessibleName="Colour scale"
        choices={plain(COLOR_TRANSFORMS)}
        props={props}
      />
      <Choice
        name="normalization"
        label="Normalise"
        accessibleName="Colour normalisation"
        choices={NORMALIZATIONS}
        props={props}
      />
    </>
  );
}
