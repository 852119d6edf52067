import { describe, expect, it } from 'vitest';
import {
  displayName,
  formatReference,
  parseReference,
  parseTypedReference,
} from '../../../src/hub/reference';

describe('typed model references', () => {
  it.each([
    ['gpt2', 'hub:gpt2@main', 'gpt2'],
    ['  distilbert-base-uncased ', 'hub:distilbert-base-uncased@main', 'distilbert-base-uncased'],
    ['openai-community/gpt2@main', 'hub:openai-community/gpt2@main', 'openai-community/gpt2'],
    [
      'FacebookAI/roberta-base@e2da8e2',
      'hub:FacebookAI/roberta-base@e2da8e2',
      'FacebookAI/roberta-base@e2da8e2',
    ],
    [
      'bert-base-uncased@refs/pr/1',
      'hub:bert-base-uncased@refs/pr/1',
      'bert-base-uncased@refs/pr/1',
    ],
    ['https://example.org/models/tiny', 'url:https://example.org/models/tiny/', 'tiny'],
    ['http://127.0.0.1:8000/m/', 'url:http://127.0.0.1:8000/m/', 'm'],
    ['hub:gpt2@v1', 'hub:gpt2@v1', 'gpt2@v1'],
  ])('%j opens %s, shown as %s', (typed, stored, shown) => {
    const reference = parseTypedReference(typed);
    expect(formatReference(reference)).toBe(stored);
    expect(displayName(reference)).toBe(shown);
    expect(parseReference(stored)).toEqual(reference);
  });

  it('opens a built-in model by its name when the name is one', () => {
    expect(parseTypedReference('brown-gpt', ['brown-gpt'])).toEqual({
      kind: 'builtin',
      name: 'brown-gpt',
    });
  });

  it.each([
    ['', /Type a Hub model id/],
    ['gpt 2', /not a Hub repository id/],
    ['a/b/c', /not a Hub repository id/],
    ['bad--name', /not a Hub repository id/],
    ['gpt2@', /not a revision/],
    ['gpt2@../../etc', /not a revision/],
    ['ftp://example.org/model', /not a model name/],
    ['javascript:alert(1)', /not a model name/],
  ])('refuses %j', (typed, message) => {
    expect(() => parseTypedReference(typed)).toThrow(message);
  });
});

describe('stored model references', () => {
  it('reads a bare name as a built-in model and local: as picked files', () => {
    expect(parseReference('brown-bert')).toEqual({ kind: 'builtin', name: 'brown-bert' });
    expect(parseReference('local:my model')).toEqual({ kind: 'local', name: 'my model' });
  });

  it('refuses a url: reference that is not http or https', () => {
    expect(() => parseReference('url:file:///etc/')).toThrow(/not an http or https URL/);
  });
});
