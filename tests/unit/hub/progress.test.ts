import { describe, expect, it } from 'vitest';
import { createProgressMeter, formatBytes, formatDuration } from '../../../src/hub/progress';

/** A clock the test moves by hand, in milliseconds. */
function fakeClock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('download progress over several files', () => {
  it('sums bytes and sizes over files and works out speed and time left', () => {
    const clock = fakeClock();
    const meter = createProgressMeter(clock.now);
    meter.update({ file: 'config.json', loaded: 1000, total: 1000 });
    clock.advance(1000);
    const p = meter.update({ file: 'model.safetensors', loaded: 2_000_000, total: 10_000_000 });

    expect(p.loaded).toBe(2_001_000);
    expect(p.total).toBe(10_001_000);
    // 2 MB arrived in the second since the first sample.
    expect(p.bytesPerSecond).toBeCloseTo(2_000_000, 6);
    expect(p.secondsLeft).toBeCloseTo(4, 6);
    expect(p.file).toBe('model.safetensors');
  });

  it('has no total while a file of unknown size is arriving', () => {
    const meter = createProgressMeter(fakeClock().now);
    meter.update({ file: 'config.json', loaded: 10, total: 10 });
    const p = meter.update({ file: 'tokenizer.json', loaded: 50, total: null });
    expect(p.total).toBeNull();
    expect(p.secondsLeft).toBeNull();
  });

  it('takes the size of a finished file of unknown size from what arrived', () => {
    const meter = createProgressMeter(fakeClock().now);
    meter.update({ file: 'config.json', loaded: 10, total: null });
    const p = meter.update({ file: 'model.safetensors', loaded: 5, total: 100 });
    expect(p.total).toBe(110);
  });

  it('gives no speed before enough time has passed to measure one', () => {
    const clock = fakeClock();
    const meter = createProgressMeter(clock.now);
    meter.update({ file: 'a', loaded: 0, total: 100 });
    clock.advance(50);
    expect(meter.update({ file: 'a', loaded: 50, total: 100 }).bytesPerSecond).toBeNull();
  });

  it('leaves files read from the cache out of the speed', () => {
    const clock = fakeClock();
    const meter = createProgressMeter(clock.now);
    meter.update({ file: 'model.safetensors', loaded: 0, total: 1000 });
    meter.update({ file: 'tokenizer.json', loaded: 9_000_000, total: 9_000_000 }, true);
    clock.advance(1000);
    const p = meter.update({ file: 'model.safetensors', loaded: 500, total: 1000 });
    expect(p.bytesPerSecond).toBeCloseTo(500, 6);
    expect(p.secondsLeft).toBeCloseTo(1, 6);
  });

  it('follows the recent speed, not the average since the start', () => {
    const clock = fakeClock();
    const meter = createProgressMeter(clock.now);
    let loaded = 0;
    // 10 s at 1 MB/s, then 10 s at 100 kB/s.
    for (let s = 0; s < 10; s++) {
      meter.update({ file: 'm', loaded, total: 100_000_000 });
      clock.advance(1000);
      loaded += 1_000_000;
    }
    let p = meter.update({ file: 'm', loaded, total: 100_000_000 });
    for (let s = 0; s < 10; s++) {
      clock.advance(1000);
      loaded += 100_000;
      p = meter.update({ file: 'm', loaded, total: 100_000_000 });
    }
    expect(p.bytesPerSecond).toBeCloseTo(100_000, 6);
  });

  it('counts a compressed body that outgrows its declared length as complete, not over', () => {
    const p = createProgressMeter(fakeClock().now).update({ file: 'a', loaded: 120, total: 100 });
    expect(p.total).toBe(120);
  });
});

describe('formatting', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [12_345, '12.3 kB'],
    [497_759_232, '498 MB'],
    [1_520_000_000, '1.52 GB'],
  ])('%d bytes read as %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [0.2, '1 s'],
    [59, '59 s'],
    [200, '3 min 20 s'],
    [3900, '1 h 5 min'],
  ])('%d seconds read as %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});
