/** Every benchmark `npm run bench` runs, in order. A new figure is a new entry here. */
import { gpt2SmallBenchmark } from './gpt2Small';
import { interactiveBenchmark } from './interactive';
import type { Benchmark } from './types';

export const BENCHMARKS: Benchmark[] = [interactiveBenchmark, gpt2SmallBenchmark];
