import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';

/** ui/ holds primitives shared by every feature, so it must never reach into a feature. */
describe('src/ui', () => {
  it('never imports from src/features', () => {
    const uiDir = __dirname;
    const offenders = fs
      .readdirSync(uiDir)
      .filter((file) => /\.tsx?$/.test(file))
      .filter((file) =>
        /from '[^']*features\//.test(fs.readFileSync(path.join(uiDir, file), 'utf8')),
      );
    expect(offenders).toEqual([]);
  });
});
