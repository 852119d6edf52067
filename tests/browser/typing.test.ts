import { describe, expect, it } from 'vitest';
import { setText, waitForResult } from './appPage';
import { appSession } from './session';

describe('typing fast', () => {
  const session = appSession();

  it('never shows the attention of a text no longer in the box as current', async () => {
    await setText(session.page, 'Start');
    await waitForResult(session.page, 'Start');
    // Checked on every frame: either the views drew the box's text, or they are marked stale.
    await session.page.evaluate(() => {
      const box = document.querySelector('textarea[aria-label="Text"]') as HTMLTextAreaElement;
      const wrong: string[] = [];
      (window as { __wrongFrames?: string[] }).__wrongFrames = wrong;
      const check = () => {
        const main = document.querySelector('main');
        if (main && !main.classList.contains('stale')) {
          const shown = main.getAttribute('data-result-text');
          if (shown !== box.value) wrong.push(`${shown} | ${box.value}`);
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });

    const box = session.page.getByLabel('Text', { exact: true });
    await box.press('Control+End');
    await box.pressSequentially(' of a sentence typed without a pause', { delay: 5 });
    await waitForResult(session.page, 'Start of a sentence typed without a pause');
    expect(
      await session.page.evaluate(() => (window as { __wrongFrames?: string[] }).__wrongFrames),
    ).toEqual([]);
  });

  it('logged no errors', () => {
    expect(session.errors).toEqual([]);
  });
});
