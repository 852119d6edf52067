import type { Token } from '../model/types';
import { visibleText } from '../draw/tokenText';

interface TokenStripProps {
  /** The tokens as the model sees them, special tokens included. */
  tokens: Token[];
  /** Position highlighted from another view, or null. */
  highlighted: number | null;
  /** Called with a position when the pointer enters a token, and null when it leaves. */
  onHover: (position: number | null) => void;
}

/** The text as the model reads it: one chip per token, whitespace made visible. */
export function TokenStrip({ tokens, highlighted, onHover }: TokenStripProps) {
  return (
    <ol className="token-strip" aria-label="Tokens" data-testid="token-strip">
      {tokens.map((token, position) => (
        <li
          key={position}
          className={[
            'token',
            token.special ? 'special' : '',
            highlighted === position ? 'highlighted' : '',
          ].join(' ')}
          title={`position ${position} · id ${token.id} · ${JSON.stringify(token.piece)}`}
          data-id={token.id}
          onPointerEnter={() => onHover(position)}
          onPointerLeave={() => onHover(null)}
        >
          {visibleText(token.text)}
        </li>
      ))}
    </ol>
  );
}
