/** grid_paint_ms_144x128: painting 144 heads of 128 x 128 with the app's own heatmap painter. */
import type { Harness } from './harness/main';
import { round } from './forward';
import type { BenchContext, Report } from './context';

export async function paintFigures(context: BenchContext, report: Report): Promise<void> {
  {
    const page = await context.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    try {
      await page.goto(context.harnessUrl);
      await page.waitForFunction(() => document.title === 'harness ready');
      const ms = await page.evaluate(() =>
        (window as unknown as { harness: Harness }).harness.gridPaint(144, 128, 15),
      );
      report('grid_paint_ms_144x128', round(ms));
    } finally {
      await page.close();
    }
  }
}
