import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests first (fast feedback), then the end-to-end files in name order, with the one that
 * ends in `lab down` (workshop.test.ts) last: the end-to-end files share one real lab.
 */
class LabSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => (f.moduleId.includes('/test/e2e/') ? (f.moduleId.endsWith('/workshop.test.ts') ? 2 : 1) : 0);
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    sequence: { sequencer: LabSequencer },
    testTimeout: 30_000,
    hookTimeout: 900_000,
  },
});
