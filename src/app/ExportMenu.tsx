import { useContext, useState } from 'react';
import type { HeadMatrix, Token } from '../model/types';
import { attentionCsv, attentionJson, headsOfView } from '../export/data';
import { download, safeFileName } from '../export/download';
import { svgToPng } from '../export/raster';
import { serializeSvg, snapshotSvg } from '../export/svgSnapshot';
import { ViewDataContext } from '../export/viewData';
import type { Settings } from './settings';

interface ExportMenuProps {
  /** The settings behind the view; they name the model, the view and the chosen head. */
  settings: Settings;
  /** The tokens and attention [layer][head] as the view shows them. */
  tokens: Token[];
  attention: HeadMatrix[][];
  /** The text the tokens and attention were computed from. */
  text: string;
  /** CSS selector of the parts of the page that make the picture, top to bottom. */
  parts: string;
  /** Words for the caption above the picture, such as "layer 2 head 5". */
  caption: string;
}

type Format = 'png' | 'svg' | 'csv' | 'json';

const FORMATS: { format: Format; hint: string }[] = [
  { format: 'png', hint: 'The view as on screen, as an image' },
  { format: 'svg', hint: 'The view as on screen, as a drawing that scales without blur' },
  { format: 'csv', hint: 'The weights behind the view, one row per layer, head, query and key' },
  { format: 'json', hint: 'The weights behind the view with the tokens, as [query][key] rows' },
];

/** Saves the view as on screen (PNG, SVG) or the numbers behind it (CSV, JSON). */
export function ExportMenu(props: ExportMenuProps) {
  const { settings, tokens, attention, text, parts, caption } = props;
  const [status, setStatus] = useState({ text: '', failed: false });
  const viewData = useContext(ViewDataContext);
  const { model, view, layer, head } = settings;
  const base = safeFileName('attention', model, view, `L${layer}H${head}`);

  const save = async (format: Format) => {
    try {
      if (format === 'png' || format === 'svg') {
        const elements = [...document.querySelectorAll(parts)];
        const svg = snapshotSvg(elements, `${model} · ${caption}`);
        const blob =
          format === 'svg'
            ? new Blob([serializeSvg(svg)], { type: 'image/svg+xml' })
            : await svgToPng(svg);
        download(blob, `${base}.${format}`);
      } else {
        // A derived view (aggregate, comparison, mechanism) offers the matrices it draws;
        // the others show model heads as they are.
        const heads =
          viewData?.get() ?? headsOfView(attention, view, layer, head, settings.lineHeads);
        const data = { model, text, view, tokens, heads };
        const blob =
          format === 'csv'
            ? new Blob([attentionCsv(data)], { type: 'text/csv' })
            : new Blob([attentionJson(data)], { type: 'application/json' });
        download(blob, `${base}.${format}`);
      }
      setStatus({ text: `Saved ${base}.${format}`, failed: false });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setStatus({ text: `Could not save the ${format.toUpperCase()}: ${message}`, failed: true });
    }
  };

  return (
    <div className="export-menu" role="group" aria-label="Export" data-export="skip">
      <span aria-hidden="true">Export</span>
      {FORMATS.map(({ format, hint }) => (
        <button key={format} type="button" title={hint} onClick={() => void save(format)}>
          {format.toUpperCase()}
        </button>
      ))}
      {/* A failure is shown to everyone; a success only read out, the download shows it. */}
      <span className={status.failed ? 'export-error' : 'visually-hidden'} role="status">
        {status.text}
      </span>
    </div>
  );
}
