import { fileURLToPath } from 'node:url';

/** bench/ in the repository, whether this runs compiled from dist/bench/ or from bench/. */
export const BENCH_DIR = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../bench/' : './', import.meta.url));

/** Where each part's JSON goes (not committed: bench/report.md is). */
export const RESULTS_DIR = `${BENCH_DIR}results/`;
