import { useCallback, useMemo } from 'react';
import type { AttentionModel, ForwardOptions, ForwardResult } from '../model/types';
import { rolloutLayers } from '../analysis/aggregate';
import { AggregateView } from '../views/AggregateView';
import { AblationView } from '../views/AblationView';
import { CompareControls, type CompareChoice } from '../views/CompareControls';
import { CompareView, type CompareSide } from '../views/CompareView';
import type { Settings } from './settings';
import { shownAttention, useShownAttention, type ShownAttention } from './shownAttention';
import { optionsKey, useAttention } from './useAttention';
import './toolkit.css';

interface ToolkitPanelProps {
  model: AttentionModel;
  /** The forward result of the text in the box. */
  result: ForwardResult;
  /** The text `result` was computed from. */
  resultText: string;
  /** `result` as the heatmaps draw it. */
  shown: ShownAttention;
  settings: Settings;
  update: (patch: Partial<Settings>) => void;
  /** Layer and head, clamped to the model. */
  layer: number;
  head: number;
}

/** The aggregate, compare and ablation views, with the extra forward passes they need. */
export function ToolkitPanel(props: ToolkitPanelProps) {
  const { model, result, resultText, shown, settings, update, layer, head } = props;
  const { config } = model;
  const view = settings.view;
  const viewOptions = {
    hideSpecial: settings.hideSpecial,
    hideFirst: settings.hideFirst,
    mergeWords: settings.mergeWords,
    valueWeighted: settings.valueWeighted,
  };

  // The second text runs through its own latest-wins runner, only while it is on screen.
  const secondOptions: ForwardOptions = useMemo(() => ({ projectionsLayer: layer }), [layer]);
  const comparingTexts = view === 'compare' && settings.compareMode === 'texts';
  const second = useAttention(comparingTexts ? model : null, settings.compareText, secondOptions);
  const secondShown = useShownAttention(second.result, config.modelType, viewOptions);

  const ablate = settings.ablate;
  const ablateOptions: ForwardOptions = useMemo(
    () => ({ projectionsLayer: layer, ablate: new Set(ablate) }),
    [layer, ablate],
  );
  const ablating = view === 'ablate' && ablate.length > 0;
  const ablated = useAttention(ablating ? model : null, settings.text, ablateOptions);
  // With nothing switched off, the intact result is the ablated one, and KL is exactly 0.
  const after =
    ablate.length === 0
      ? result
      : ablated.resultText === resultText && ablated.resultOptions === optionsKey(ablateOptions)
        ? ablated.result
        : null;

  const rollout = useMemo(() => {
    if (view !== 'aggregate' || settings.aggregateScope !== 'rollout') return null;
    const product = rolloutLayers(result.attention, result.seqLen)[layer];
    // The product is hidden and merged like any head, so it lines up with the other views.
    const asHead = { ...result, attention: [[product]] };
    return shownAttention(asHead, config.modelType, { ...viewOptions, valueWeighted: false })
      .attention[0][0];
    // viewOptions is rebuilt each render; its fields are listed instead.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    view,
    settings.aggregateScope,
    result,
    layer,
    config.modelType,
    settings.hideSpecial,
    settings.hideFirst,
    settings.mergeWords,
  ]);

  const choice: CompareChoice = {
    mode: settings.compareMode,
    text: settings.compareText,
    alignment: settings.compareAlignment,
    layer: Math.min(settings.compareLayer, config.numLayers - 1),
    head: Math.min(settings.compareHead, config.numHeads - 1),
  };
  const onCompare = (patch: Partial<CompareChoice>) =>
    update({
      ...(patch.mode && { compareMode: patch.mode }),
      ...(patch.text !== undefined && { compareText: patch.text }),
      ...(patch.alignment && { compareAlignment: patch.alignment }),
      ...(patch.layer !== undefined && { compareLayer: patch.layer }),
      ...(patch.head !== undefined && { compareHead: patch.head }),
    });

  const sideA: CompareSide = {
    title: `Layer ${layer} head ${head}` + (choice.mode === 'texts' ? ', first text' : ''),
    tokens: shown.tokens,
    matrix: shown.attention[layer][head],
  };
  const secondReady = second.result && second.resultText === settings.compareText && secondShown;
  const sideB: CompareSide | null =
    choice.mode === 'heads'
      ? {
          title: `Layer ${choice.layer} head ${choice.head}`,
          tokens: shown.tokens,
          matrix: shown.attention[choice.layer][choice.head],
        }
      : secondReady
        ? {
            title: `Layer ${layer} head ${head}, second text`,
            tokens: secondShown.tokens,
            matrix: secondShown.attention[layer][head],
          }
        : null;

  const decode = useCallback((id: number) => model.decode([id]), [model]);
  const weights = {
    scheme: settings.scheme,
    transform: settings.transform,
    normalization: settings.normalization,
    causal: config.causal,
  };
  return (
    <div className="toolkit-panel">
      {view === 'aggregate' && (
        <AggregateView
          tokens={shown.tokens}
          attention={shown.attention}
          rollout={rollout ?? new Float32Array(shown.seqLen * shown.seqLen)}
          layer={layer}
          scope={settings.aggregateScope}
          onScope={(aggregateScope) => update({ aggregateScope })}
          heads={settings.aggregateHeads}
          onHeads={(aggregateHeads) => update({ aggregateHeads })}
          {...weights}
        />
      )}
      {view === 'compare' && (
        <>
          <CompareControls
            choice={choice}
            onChange={onCompare}
            numLayers={config.numLayers}
            numHeads={config.numHeads}
            first={{ layer, head }}
          />
          {second.error && comparingTexts && <p className="notice error">{second.error}</p>}
          <CompareView
            a={sideA}
            b={sideB}
            mode={choice.mode}
            alignment={choice.alignment}
            {...weights}
          />
        </>
      )}
      {view === 'ablate' && ablated.error && ablating && (
        <p className="notice error">{ablated.error}</p>
      )}
      {view === 'ablate' && (
        <AblationView
          before={result}
          after={after}
          ablate={ablate}
          onAblate={(heads) => update({ ablate: heads })}
          numLayers={config.numLayers}
          numHeads={config.numHeads}
          causal={config.causal}
          decode={decode}
        />
      )}
    </div>
  );
}
