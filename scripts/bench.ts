/**
 * Runs every benchmark in scripts/bench/ and prints one `name: value` line per figure on
 * standard output; progress goes to standard error, so the figures can be piped as they are.
 */
import { BENCHMARKS } from './bench/index';

const started = performance.now();
let failed = false;
for (const benchmark of BENCHMARKS) {
  console.error(`bench: ${benchmark.title}…`);
  try {
    await benchmark.run((name, value) => console.log(`${name}: ${value}`));
  } catch (error) {
    failed = true;
    console.error(`bench: ${benchmark.title} failed:`, error);
  }
}
console.error(`bench: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
