import { afterAll } from 'vitest';
import { removeTestCacheHome } from './cache-home.js';

// Run before every test file (vitest's setupFiles): what the shared helpers leave in the temporary folder goes with the file.
afterAll(removeTestCacheHome);
