import { useEffect, useState } from 'react';
import { deleteCachedModel, listCachedModels, openModelCache } from '../hub/cache';
import { formatBytes } from '../hub/progress';
import type { CachedModel } from '../hub/cache';

interface CachedModelsProps {
  /** Changes whenever a model finishes opening, so the list is read again. */
  refreshKey: unknown;
  /** Opens a cached model by its reference. */
  onOpen: (reference: string) => void;
}

/** The models stored in the browser, with their sizes, to open again or delete. */
export function CachedModels({ refreshKey, onOpen }: CachedModelsProps) {
  const [models, setModels] = useState<CachedModel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deletions, setDeletions] = useState(0);

  useEffect(() => {
    let live = true;
    readCachedModels()
      .then((list) => live && setModels(list))
      .catch((e: unknown) => live && setError(`Could not read the model cache: ${String(e)}`));
    return () => {
      live = false;
    };
  }, [refreshKey, deletions]);

  const remove = async (model: CachedModel) => {
    try {
      const cache = await openModelCache();
      if (cache) await deleteCachedModel(cache, model.folder);
    } catch (e) {
      setError(`Could not delete ${model.reference} from the cache: ${String(e)}`);
    }
    setDeletions((d) => d + 1);
  };

  if (models === null) return null;
  const total = models.reduce((sum, m) => sum + m.bytes, 0);
  return (
    <details className="cached-models" data-testid="cached-models">
      <summary>
        Cached models ({models.length}, {formatBytes(total)})
      </summary>
      {error && <p className="notice error">{error}</p>}
      {models.length === 0 ? (
        <p className="hint">Models opened from the Hub or a URL are kept here for next time.</p>
      ) : (
        <ul>
          {models.map((m) => (
            <li key={m.folder} title={m.folder}>
              <span className="cached-name">{m.reference.replace(/^hub:/, '')}</span>{' '}
              <span className="cached-size">{formatBytes(m.bytes)}</span>{' '}
              <button
                type="button"
                aria-label={`Open ${m.reference}`}
                onClick={() => onOpen(m.reference)}
              >
                Open
              </button>{' '}
              <button
                type="button"
                aria-label={`Delete ${m.reference}`}
                onClick={() => void remove(m)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** The cached models, or null where the browser has no Cache API. */
async function readCachedModels(): Promise<CachedModel[] | null> {
  const cache = await openModelCache();
  return cache ? listCachedModels(cache) : null;
}
