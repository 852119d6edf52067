// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, createElement, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/app/settings';
import { useUrlSettings } from '../../../src/app/useUrlSettings';

// React asks test environments to say so before it lets act() flush updates.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface Probe {
  settings: Settings;
  shape: { numLayers: number; numHeads: number } | null;
  update: (patch: Partial<Settings>) => void;
}

/** The notices of the latest render. */
let notices: string[] = [];

function Harness({ settings, update, shape }: Probe) {
  const shown = useUrlSettings(settings, update, shape);
  useEffect(() => {
    notices = shown;
  });
  return null;
}

describe('the address bar follows the settings', () => {
  let root: Root;
  let probe: Probe;

  beforeEach(() => {
    vi.useFakeTimers();
    window.history.replaceState(null, '', '/?hub=https%3A%2F%2Fmirror.example');
    root = createRoot(document.createElement('div'));
    probe = { settings: DEFAULT_SETTINGS, shape: null, update: vi.fn() };
    notices = [];
  });

  afterEach(() => {
    act(() => root.unmount());
    vi.useRealTimers();
  });

  const render = (patch: Partial<Probe>) => {
    Object.assign(probe, patch);
    act(() => root.render(createElement(Harness, { ...probe })));
  };

  it('writes once, after typing pauses, and never adds history entries', () => {
    const replace = vi.spyOn(window.history, 'replaceState');
    const push = vi.spyOn(window.history, 'pushState');
    const before = window.history.length;

    for (const text of ['T', 'Th', 'The', 'The c', 'The cat']) {
      render({ settings: { ...DEFAULT_SETTINGS, text } });
      act(() => vi.advanceTimersByTime(100));
    }
    expect(replace).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(300));

    expect(replace).toHaveBeenCalledTimes(1);
    expect(push).not.toHaveBeenCalled();
    expect(window.history.length).toBe(before);
    const params = new URL(window.location.href).searchParams;
    expect(params.get('text')).toBe('The cat');
    expect(params.get('hub')).toBe('https://mirror.example');
  });

  it('puts a layer and head the model lacks back to the defaults, with a notice', () => {
    const update = vi.fn();
    render({ settings: { ...DEFAULT_SETTINGS, layer: 5, head: 9 }, update, shape: null });
    expect(update).not.toHaveBeenCalled();

    render({ shape: { numLayers: 2, numHeads: 4 } });
    expect(update).toHaveBeenCalledWith({ layer: 0, head: 0 });
    expect(notices.join('\n')).toMatch(/Layer 5 does not exist.*\n.*Head 9 does not exist/);
  });
  it('drops heads the model lacks from the compared head and the head lists', () => {
    const update = vi.fn();
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      compareLayer: 3,
      compareHead: 1,
      lineHeads: [0, 1, 7],
      aggregateHeads: ['0:1', '2:0'],
      ablate: ['1:1'],
    };
    render({ settings, update, shape: { numLayers: 2, numHeads: 1 } });
    expect(update).toHaveBeenCalledWith({
      compareLayer: 0,
      compareHead: 0,
      lineHeads: [0],
      aggregateHeads: [],
      ablate: [],
    });
    expect(notices.join('\n')).toMatch(/compared layer 3 .* showing layer 0/);
    expect(notices.join('\n')).toMatch(/left out of lineHeads, aggregateHeads, ablate/);
  });
});
