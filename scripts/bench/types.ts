/** One benchmark of `npm run bench`: it measures something and reports each figure by name. */
export interface Benchmark {
  /** Shown while it runs, so a slow one can be recognised. */
  title: string;
  /** Calls `report` once per figure, as soon as it is known. */
  run(report: (name: string, value: number | string) => void): Promise<void>;
}
