import type { ColorTransform, SequentialScheme } from '../draw/colors';
import { sequentialInterpolator } from '../draw/colors';
import type { Normalization } from '../app/settings';
import { Legend } from './Legend';

interface ScaleLegendProps {
  scheme: SequentialScheme;
  transform: ColorTransform;
  normalization: Normalization;
  /** The weight that gets the top colour under 'head' (one head) or 'all' normalisation. */
  max: number | null;
}

/**
 * The legend of an attention heatmap under each normalisation. With one scale per row, or one
 * per head in a grid of heads, the colours stand for a fraction of that row's or head's largest
 * weight, and the legend says so rather than printing numbers that hold for one head only.
 */
export function ScaleLegend({ scheme, transform, normalization, max }: ScaleLegendProps) {
  const fraction = normalization === 'row' || max === null;
  const title =
    normalization === 'row'
      ? 'weight ÷ largest weight of its row'
      : max === null
        ? 'weight ÷ largest weight of its head'
        : normalization === 'all'
          ? 'attention weight, one scale for all heads'
          : 'attention weight';
  return (
    <Legend
      interpolate={sequentialInterpolator(scheme)}
      domain={[0, fraction ? 1 : max]}
      transform={transform}
      title={title}
      width={300}
    />
  );
}
