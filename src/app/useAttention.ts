/**
 * Runs the model on the text as it is typed. Only the newest text matters: while one forward
 * pass runs, further keystrokes replace the waiting request, and a result is shown only when no
 * newer text is waiting, so the page never shows attention for text no longer in the box.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { AttentionModel, ForwardOptions, ForwardResult } from '../model/types';

export interface AttentionState {
  result: ForwardResult | null;
  /** The text `result` belongs to. */
  resultText: string;
  /** The options `result` belongs to, as `optionsKey` writes them. */
  resultOptions: string;
  error: string | null;
}

interface Request {
  model: AttentionModel;
  text: string;
  options: ForwardOptions;
}

/** Options as a string, equal for equal content, so a result can be matched to its request. */
export function optionsKey(options: ForwardOptions): string {
  return JSON.stringify({
    layer: options.projectionsLayer ?? 0,
    ablate: [...(options.ablate ?? [])].sort(),
  });
}

export function useAttention(
  model: AttentionModel | null,
  text: string,
  options: ForwardOptions,
): AttentionState {
  const [state, setState] = useState<AttentionState>({
    result: null,
    resultText: '',
    resultOptions: '',
    error: null,
  });
  const waiting = useRef<Request | null>(null);
  const running = useRef(false);
  const key = optionsKey(options);

  // A layout effect sends the text to the model before the keystroke's frame is painted,
  // rather than after it, which takes a frame off the time to the new attention.
  useLayoutEffect(() => {
    if (!model) return;
    waiting.current = { model, text, options };
    if (running.current) return;

    const pump = async () => {
      running.current = true;
      while (waiting.current) {
        const request = waiting.current;
        waiting.current = null;
        try {
          const result = await request.model.run(request.text, request.options);
          if (!waiting.current) {
            const resultOptions = optionsKey(request.options);
            setState({ result, resultText: request.text, resultOptions, error: null });
          }
        } catch (error) {
          if (waiting.current) continue;
          const message = error instanceof Error ? error.message : String(error);
          setState((s) => ({ ...s, error: `The model could not run on this text: ${message}` }));
        }
      }
      running.current = false;
    };
    void pump();
    // `options` is compared through its key so that a new object with the same content
    // does not start another forward pass.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, text, key]);

  return state;
}
