import { describe, expect, inject, it } from 'vitest';
import { setText, waitForResult } from './appPage';
import { appSession } from './session';

describe('nothing is lost on reload', () => {
  const session = appSession();

  it('restores text and settings from local storage', async () => {
    await setText(session.page, 'Kept across a reload.');
    await session.page.getByLabel('Colour scheme').selectOption('inferno');
    await waitForResult(session.page, 'Kept across a reload.');
    // No query string: only local storage can bring the text back.
    await session.page.goto(inject('baseUrl'));
    await waitForResult(session.page, 'Kept across a reload.');
    expect(await session.page.getByLabel('Text', { exact: true }).inputValue()).toBe(
      'Kept across a reload.',
    );
    expect(await session.page.getByLabel('Colour scheme').inputValue()).toBe('inferno');
  });

  it('keeps the last keystrokes even when the page reloads at once', async () => {
    const box = session.page.getByLabel('Text', { exact: true });
    await box.fill('Typed just before');
    await box.pressSequentially(' leaving');
    await session.page.goto(inject('baseUrl'));
    await waitForResult(session.page, 'Typed just before leaving');
  });

  it('lets a link win over what is stored', async () => {
    await session.page.goto(`${inject('baseUrl')}?text=${encodeURIComponent('From the link.')}`);
    await waitForResult(session.page, 'From the link.');
    expect(await session.page.getByLabel('Colour scheme').inputValue()).toBe('inferno');
  });

  it('ignores a stored table that is broken', async () => {
    await session.page.evaluate(() =>
      localStorage.setItem(
        'attention-lens:settings',
        JSON.stringify({ text: 'Still readable.', view: 'no-such-view', layer: '-3', head: 7 }),
      ),
    );
    await session.page.goto(inject('baseUrl'));
    await waitForResult(session.page, 'Still readable.');
    expect(
      await session.page.getByRole('button', { name: 'All heads' }).getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('logged no errors', () => {
    expect(session.errors).toEqual([]);
  });
});
