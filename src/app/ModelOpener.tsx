import { useRef, useState } from 'react';
import type { ChangeEvent, DragEvent, FormEvent } from 'react';
import { DEFAULT_HUB } from '../hub/endpoint';
import { formatBytes, formatDuration } from '../hub/progress';
import { formatReference, parseTypedReference } from '../hub/reference';
import { CachedModels } from './CachedModels';
import { filesFromDrop, filesFromList, rememberLocalFiles } from './localFiles';
import type { AttentionModel } from '../model/types';
import type { ModelState } from './useModel';
import './ModelOpener.css';

interface ModelOpenerProps {
  /** What useModel reports about the model open and the one being opened. */
  state: ModelState;
  /** The reference open now (settings.model). */
  current: string;
  /** Asks for another model by reference. */
  onOpen: (reference: string) => void;
}

/**
 * Opens models from elsewhere: a Hub id or folder URL typed in, a folder or files picked or
 * dropped. Shows the download, the memory estimate, and the models cached in the browser.
 */
export function ModelOpener({ state, current, onOpen }: ModelOpenerProps) {
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);

  const open = (reference: string) => {
    setProblem(null);
    if (reference === current) state.retry();
    else onOpen(reference);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      open(formatReference(parseTypedReference(typed)));
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const openFiles = ({ name, files }: { name: string; files: Map<string, Blob> }) => {
    if (files.size === 0) {
      setProblem(
        `${name}: no model files found; a model folder holds config.json, tokenizer.json and ` +
          'model.safetensors (or its shards).',
      );
      return;
    }
    rememberLocalFiles(name, files);
    open(`local:${name}`);
  };

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    if (input.files) openFiles(filesFromList(input.files));
    // Cleared so that choosing the same folder again, after editing its files, opens it again.
    input.value = '';
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    filesFromDrop(event.dataTransfer)
      .then(openFiles)
      .catch((e: unknown) => setProblem(`The dropped files could not be read: ${String(e)}`));
  };

  return (
    <div
      className={dragging ? 'model-opener dragging' : 'model-opener'}
      data-testid="model-opener"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <form onSubmit={submit} className="opener-row">
        <input
          type="text"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-label="Hub model id or URL"
          placeholder="gpt2, bert-base-uncased@main or a URL"
          spellCheck={false}
        />
        <button type="submit">Open</button>
        <button type="button" onClick={() => folderInput.current?.click()}>
          Folder…
        </button>
        <button type="button" onClick={() => filesInput.current?.click()}>
          Files…
        </button>
        <input
          ref={folderInput}
          type="file"
          hidden
          aria-label="Model folder"
          {...{ webkitdirectory: '', directory: '' }}
          onChange={pick}
        />
        <input
          ref={filesInput}
          type="file"
          hidden
          multiple
          aria-label="Model files"
          accept=".json,.safetensors"
          onChange={pick}
        />
      </form>

      {state.model && <OpenModel model={state.model} />}
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      {state.hubError && <p className="notice error">{state.hubError}</p>}
      {state.hubEndpoint !== DEFAULT_HUB && (
        <p className="hint" data-testid="hub-endpoint">
          Hub files come from {state.hubEndpoint}.
        </p>
      )}
      {state.notice && (
        <p className="notice" data-testid="model-notice">
          {state.notice}
        </p>
      )}
      {current.startsWith('local:') && (
        <p className="hint">
          Opened from files on this computer: a link to this page cannot open them again.
        </p>
      )}
      <MemoryNote state={state} />
      {state.loading && <Progress state={state} />}
      <CachedModels refreshKey={state.model} onOpen={open} />
    </div>
  );
}

function OpenModel({ model }: { model: AttentionModel }) {
  const { modelType, numLayers, numHeads } = model.config;
  return (
    <p className="hint" data-testid="open-model">
      Showing {model.name} ({modelType}, {numLayers} layers × {numHeads} heads)
    </p>
  );
}

function MemoryNote({ state }: { state: ModelState }) {
  const { estimate, answerMemoryWarning } = state;
  if (!estimate || (!state.loading && estimate.warnings.length === 0)) return null;
  return (
    <div className="memory-note" data-testid="memory-estimate">
      <p className={estimate.warnings.length ? 'notice warning' : 'hint'}>
        {(estimate.parameters / 1e6).toFixed(1)}M parameters: about{' '}
        {formatBytes(estimate.deviceBytes)} on the device, {formatBytes(estimate.peakBytes)} while
        loading.
      </p>
      {estimate.warnings.map((w) => (
        <p key={w} className="notice warning" role="alert">
          {w}
        </p>
      ))}
      {answerMemoryWarning && (
        <p>
          <button type="button" onClick={() => answerMemoryWarning(true)}>
            Open anyway
          </button>{' '}
          <button type="button" onClick={() => answerMemoryWarning(false)}>
            Don’t open
          </button>
        </p>
      )}
    </div>
  );
}

function Progress({ state }: { state: ModelState }) {
  const { progress, cancel } = state;
  const parts = progress
    ? [
        progress.total === null
          ? formatBytes(progress.loaded)
          : `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`,
        progress.bytesPerSecond === null ? null : `${formatBytes(progress.bytesPerSecond)}/s`,
        progress.secondsLeft === null ? null : `${formatDuration(progress.secondsLeft)} left`,
        progress.file,
      ].filter((part): part is string => part !== null)
    : ['starting…'];
  return (
    <div className="download-progress" data-testid="download-progress">
      {/* Without a known total the bar is indeterminate rather than wrongly full. */}
      <progress
        value={progress?.total ? progress.loaded : undefined}
        max={progress?.total ?? undefined}
        aria-label={`Downloading ${state.loading}`}
      />
      <span data-testid="download-text">{parts.join(' · ')}</span>
      {cancel && (
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
