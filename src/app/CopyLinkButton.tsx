import { useState } from 'react';
import type { Settings } from './settings';
import { linkTo } from './useUrlSettings';

interface CopyLinkButtonProps {
  /** The settings the link reproduces. */
  settings: Settings;
}

/** Copies a link to the view; where the clipboard is refused, shows the link to copy by hand. */
export function CopyLinkButton({ settings }: CopyLinkButtonProps) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'manual'>('idle');
  const link = linkTo(settings);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('copied');
    } catch {
      setCopied('manual');
    }
  };

  return (
    <span className="copy-link" data-export="skip">
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" className={copied === 'copied' ? 'hint' : 'visually-hidden'}>
        {copied === 'copied' ? 'Link copied' : ''}
      </span>
      {copied === 'manual' && (
        <input
          readOnly
          value={link}
          aria-label="Link to this view; the clipboard was not available, so copy it from here"
          onFocus={(event) => event.target.select()}
          autoFocus
        />
      )}
    </span>
  );
}
