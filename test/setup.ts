// Runs before each test file, in its worker: what every file needs, whether or not the workers isolate files.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);
