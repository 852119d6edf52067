/**
 * How much of a long text is worth tokenizing. A model reads at most `maxPositions` tokens, and
 * tokenizing 100,000 characters takes most of a second, so only a prefix that surely holds
 * that many tokens is tokenized; the rest could never be shown anyway.
 */
import type { ModelConfig } from '../model/types';

// Far more characters than any one token of a natural-language vocabulary covers.
const CHARACTERS_PER_TOKEN = 32;

/** Characters of text that always yield more tokens than the model reads. */
export function prefixLength(config: ModelConfig): number {
  return (config.maxPositions + 8) * CHARACTERS_PER_TOKEN;
}

/** The text cut to `prefixLength`, and whether anything was cut. */
export function contextPrefix(text: string, config: ModelConfig): { text: string; cut: boolean } {
  const limit = prefixLength(config);
  if (text.length <= limit) return { text, cut: false };
  // Never split a surrogate pair, which would leave a lone half for the tokenizer.
  const end = /[\uD800-\uDBFF]/.test(text[limit - 1]) ? limit - 1 : limit;
  return { text: text.slice(0, end), cut: true };
}
