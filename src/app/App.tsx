import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ForwardOptions } from '../model/types';
import { TokenStrip } from '../views/TokenStrip';
import { HeadView } from '../views/HeadView';
import { MechanismView } from '../views/MechanismView';
import { LineView } from '../views/LineView';
import { Predictions } from '../views/Predictions';
import { AttentionOptions } from '../views/AttentionOptions';
import { listBuiltinModels, type BuiltinModel } from './builtinModels';
import type { Settings, ViewName } from './settings';
import { useBackend } from './useBackend';
import { useModel } from './useModel';
import { ModelOpener } from './ModelOpener';
import { useAttention } from './useAttention';
import { HeadPicker } from './HeadPicker';
import { ColourControls } from './ColourControls';
import { useHeadKeys } from './useHeadKeys';
import { GridPanel } from './GridPanel';
import { ToolkitPanel } from './ToolkitPanel';
import { shownIndex, sourcePosition, useShownAttention } from './shownAttention';
import { initialSettings, useUrlSettings } from './useUrlSettings';
import { ThemeToggle } from './ThemeToggle';
import { CopyLinkButton } from './CopyLinkButton';
import { ExportMenu } from './ExportMenu';
import { createViewDataStore, ViewDataContext } from '../export/viewData';
import { largestWeight } from '../draw/heatmap';
import { ErrorBoundary } from './ErrorBoundary';
import { usePersistedSettings, storedSettings } from './persist';
import { useWorkerBackend, useWorkerStatus } from './useWorkerStatus';
import { prefixLength } from '../worker/prefix';

const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'grid', label: 'All heads' },
  { name: 'head', label: 'One head' },
  { name: 'lines', label: 'Lines' },
  { name: 'mechanism', label: 'Mechanism' },
  { name: 'aggregate', label: 'Aggregate' },
  { name: 'compare', label: 'Compare' },
  { name: 'ablate', label: 'Ablate' },
];

function viewLabel(view: ViewName): string {
  return VIEWS.find((v) => v.name === view)?.label ?? view;
}

export function App() {
  const [settings, setSettings] = useState<Settings>(
    // What this device stored, with the link's values over it.
    () => initialSettings(storedSettings()).settings,
  );
  const [models, setModels] = useState<BuiltinModel[]>([]);
  const [listError, setListError] = useState<string | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const update = useCallback(
    (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch })),
    [],
  );

  useEffect(() => {
    listBuiltinModels()
      .then(setModels)
      .catch((e: unknown) => setListError(e instanceof Error ? e.message : String(e)));
  }, []);

  usePersistedSettings(settings);
  const backend = useBackend(settings.backend);
  const worker = useWorkerStatus();
  useWorkerBackend(backend.info?.name);
  const modelState = useModel(settings.model, backend.ready);
  const { model, loading, error: modelError } = modelState;
  useHeadKeys(settings, update, model?.config.numLayers ?? 1, model?.config.numHeads ?? 1);
  const options: ForwardOptions = useMemo(
    () => ({ projectionsLayer: settings.layer }),
    [settings.layer],
  );
  const { result, resultText, error: runError } = useAttention(model, settings.text, options);
  const config = model?.config;
  const causal = config?.causal ?? true;
  const linkNotices = useUrlSettings(settings, update, config ?? null);
  const layer = Math.min(settings.layer, (config?.numLayers ?? 1) - 1);
  const head = Math.min(settings.head, (config?.numHeads ?? 1) - 1);
  // The matrices a derived view draws, for the export menu; see useExportedMatrices.
  const [viewData] = useState(createViewDataStore);
  const decode = useCallback((id: number) => model?.decode([id]) ?? String(id), [model]);
  const stale = result !== null && resultText !== settings.text;
  const activeHeads = useMemo(
    () => new Set(settings.lineHeads ?? Array.from({ length: config?.numHeads ?? 0 }, (_, h) => h)),
    [settings.lineHeads, config?.numHeads],
  );
  const toggleHead = (h: number) => {
    const next = new Set(activeHeads);
    if (next.has(h)) next.delete(h);
    else next.add(h);
    update({ lineHeads: [...next].sort((a, b) => a - b) });
  };
  const focusPosition = hovered ?? (result ? result.seqLen - 1 : 0);
  // What the heatmaps draw: hidden tokens, merged words and value weighting applied.
  const shown = useShownAttention(result, config?.modelType ?? 'gpt2', settings);

  return (
    <ViewDataContext.Provider value={viewData}>
      <div className="app">
        <header className="app-header">
          <h1>Attention Lens</h1>
          <label>
            Model{' '}
            <select
              value={settings.model}
              onChange={(e) => update({ model: e.target.value })}
              aria-label="Model"
            >
              {!models.some((m) => m.name === settings.model) && (
                <option value={settings.model}>{settings.model}</option>
              )}
              {models.map((m) => (
                <option key={m.name} value={m.name} title={m.description}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <ModelOpener
            state={modelState}
            current={settings.model}
            onOpen={(reference) => update({ model: reference })}
          />
          <label>
            Backend{' '}
            <select
              value={settings.backend}
              aria-label="Backend"
              onChange={(e) => update({ backend: e.target.value as Settings['backend'] })}
            >
              <option value="auto">auto</option>
              <option value="webgl">WebGL</option>
              <option value="wasm">WASM</option>
              <option value="cpu">CPU</option>
            </select>
          </label>
          <span className="backend-status" data-testid="backend-status">
            {backend.info
              ? `running on ${worker.backend ?? backend.info.name}` +
                (backend.info.glRenderer ? ` · GL: ${backend.info.glRenderer}` : '')
              : 'starting backend…'}
          </span>
          <div className="share-bar">
            <ThemeToggle theme={settings.theme} onChange={(theme) => update({ theme })} />
            <CopyLinkButton settings={settings} />
          </div>
        </header>

        <div className="notices" aria-live="polite">
          {linkNotices.map((notice) => (
            <p key={notice} className="notice" data-testid="link-notice">
              {notice}
            </p>
          ))}
          {listError && <p className="notice error">{listError}</p>}
          {backend.notice && <p className="notice">{backend.notice}</p>}
          {backend.info && backend.info.glRenderer === null && (
            <p className="notice" data-testid="no-webgl-notice">
              WebGL is not available in this browser, so the model runs on{' '}
              {worker.backend ?? backend.info.name}; large models will be slower.
            </p>
          )}
          {worker.notice && (
            <p className="notice" data-testid="worker-notice">
              {worker.notice}
            </p>
          )}
          {loading && <p className="notice">Opening {loading}…</p>}
          {modelError && (
            <p className="notice error" role="alert">
              {modelError}
            </p>
          )}
          {runError && (
            <p className="notice error" role="alert">
              {runError}
            </p>
          )}
          {result?.truncated && !stale && (
            <p className="notice" data-testid="truncation-notice">
              The text is{' '}
              {config && settings.text.length > prefixLength(config) ? 'more than ' : ''}
              {result.fullLength} tokens long; this model reads at most {config?.maxPositions}, so
              only the first {result.seqLen} are shown.
            </p>
          )}
        </div>

        <label className="text-input">
          <span>Text</span>
          <textarea
            value={settings.text}
            rows={3}
            spellCheck={false}
            aria-label="Text"
            onChange={(e) => update({ text: e.target.value })}
            placeholder="Type a sentence to see what every head attends to."
          />
        </label>

        {settings.text.trim() === '' ? (
          <p className="empty-state" data-testid="empty-state">
            Type a sentence above, and every attention head of {settings.model} will show what it
            looks at.
          </p>
        ) : (
          result &&
          shown && (
            <>
              <TokenStrip tokens={result.tokens} highlighted={hovered} onHover={setHovered} />
              <nav className="view-tabs" aria-label="Views">
                {VIEWS.map((v) => (
                  <button
                    key={v.name}
                    type="button"
                    aria-pressed={settings.view === v.name}
                    onClick={() => update({ view: v.name })}
                  >
                    {v.label}
                  </button>
                ))}
                <HeadPicker
                  layer={layer}
                  head={head}
                  numLayers={config?.numLayers ?? 1}
                  numHeads={config?.numHeads ?? 1}
                  onChange={(l, h) => update({ layer: l, head: h })}
                />
                <ColourControls settings={settings} onChange={update} />
              </nav>
              <AttentionOptions
                options={settings}
                onChange={update}
                blankRows={shown.emptyRows.map((row) => shown.tokens[row].text)}
              />
              <ExportMenu
                settings={settings}
                tokens={shown.tokens}
                attention={shown.attention}
                parts=".token-strip, .views > :not(aside)"
                text={resultText}
                caption={`${viewLabel(settings.view)} · layer ${layer} head ${head}`}
              />
              {/* data-result-text names the text the views drew, for tests and the benchmark. */}
              <main className={stale ? 'views stale' : 'views'} data-result-text={resultText}>
                <ErrorBoundary resetKey={result}>
                  {settings.view === 'grid' && (
                    <GridPanel
                      result={result}
                      shown={shown}
                      causal={causal}
                      settings={settings}
                      update={update}
                      builtin={models.some((m) => m.name === settings.model)}
                    />
                  )}
                  {settings.view === 'head' && (
                    <HeadView
                      tokens={shown.tokens}
                      matrix={shown.attention[layer][head]}
                      layer={layer}
                      head={head}
                      causal={causal}
                      scheme={settings.scheme}
                      transform={settings.transform}
                      normalization={settings.normalization}
                      sharedMax={largestWeight(shown.attention)}
                      highlighted={shownIndex(shown, hovered)}
                      onHover={(i) => setHovered(sourcePosition(shown, i))}
                    />
                  )}
                  {settings.view === 'lines' && (
                    <LineView
                      tokens={shown.tokens}
                      heads={shown.attention[layer]}
                      layer={layer}
                      activeHeads={activeHeads}
                      onToggleHead={toggleHead}
                      threshold={settings.lineThreshold}
                      topK={settings.lineTopK}
                      onPrune={update}
                    />
                  )}
                  {settings.view === 'mechanism' && result.projections.layer === layer && (
                    <MechanismView
                      tokens={result.tokens}
                      layer={layer}
                      head={head}
                      queries={result.projections.queries[head]}
                      keys={result.projections.keys[head]}
                      values={result.projections.values[head]}
                      modelAttention={result.attention[layer][head]}
                      causal={causal}
                      scaled={settings.scaled}
                      onScaledChange={(scaled) => update({ scaled })}
                      query={Math.min(focusPosition, result.seqLen - 1)}
                    />
                  )}
                  {model && ['aggregate', 'compare', 'ablate'].includes(settings.view) && (
                    <ToolkitPanel
                      model={model}
                      result={result}
                      resultText={resultText}
                      shown={shown}
                      settings={settings}
                      update={update}
                      layer={layer}
                      head={head}
                    />
                  )}
                  <aside className="side-panel">
                    <Predictions
                      result={result}
                      causal={causal}
                      decode={decode}
                      position={focusPosition}
                      maskToken={model?.maskToken ?? null}
                    />
                  </aside>
                </ErrorBoundary>
              </main>
            </>
          )
        )}
      </div>
    </ViewDataContext.Provider>
  );
}
