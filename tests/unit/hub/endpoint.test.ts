import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HUB,
  checkHubEndpoint,
  hubEndpointFromQuery,
  hubFolderUrl,
} from '../../../src/hub/endpoint';

describe('the Hub endpoint', () => {
  it('is the public Hub unless the page names another', () => {
    expect(hubEndpointFromQuery('')).toBe(DEFAULT_HUB);
    expect(hubEndpointFromQuery('?text=hi')).toBe(DEFAULT_HUB);
    expect(hubEndpointFromQuery('?hub=http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321');
  });

  it.each(['https://hf-mirror.example', 'http://localhost:9000/', 'http://127.0.0.1:80'])(
    'accepts %s',
    (endpoint) => expect(() => checkHubEndpoint(endpoint)).not.toThrow(),
  );

  it.each([
    ['http://evil.example', /https URL, or http on localhost/],
    ['http://10.0.0.1:8000', /https URL, or http on localhost/],
    ['javascript:alert(1)', /https URL/],
    ['not a url', /not a URL/],
    ['https://user:pw@hub.example', /plain address/],
    ['https://hub.example/?x=1', /plain address/],
  ])('refuses %s', (endpoint, message) => {
    expect(() => checkHubEndpoint(endpoint)).toThrow(message);
  });
});

describe('Hub resolve URLs', () => {
  it('follow <endpoint>/<repo>/resolve/<revision>/', () => {
    expect(hubFolderUrl(DEFAULT_HUB, 'gpt2', 'main')).toBe(
      'https://huggingface.co/gpt2/resolve/main/',
    );
    expect(hubFolderUrl(DEFAULT_HUB, 'openai-community/gpt2', 'v1.0')).toBe(
      'https://huggingface.co/openai-community/gpt2/resolve/v1.0/',
    );
  });

  it('keep a revision with slashes as one path segment', () => {
    expect(hubFolderUrl('http://127.0.0.1:1', 'bert-base-uncased', 'refs/pr/1')).toBe(
      'http://127.0.0.1:1/bert-base-uncased/resolve/refs%2Fpr%2F1/',
    );
  });
});
