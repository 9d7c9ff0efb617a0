import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDist } from '../lib/synth/write-dist';
import { renderFiles } from '../lib/synth/render';
import { examplePlan, ROOT } from './helpers/example';

const files = renderFiles(examplePlan());

describe('the example org (teams.yaml)', () => {
  it.each([...files.keys()])('%s matches its golden file', async (file) => {
    await expect(files.get(file)).toMatchFileSnapshot(`../__snapshots__/example/${file}`);
  });

  it('has one cluster file and one file per team, nothing else', () => {
    expect([...files.keys()].sort()).toEqual(['cluster.yaml', ...examplePlan().teams.map((t) => `team-${t.name}.yaml`)].sort());
  });

  it('is what is committed in dist/', () => {
    const committed = readDist(join(ROOT, 'dist'));
    expect([...committed.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [file, content] of files) expect(committed.get(file), file).toBe(content);
  });

  it('renders byte-identical output on every run', () => {
    expect(renderFiles(examplePlan())).toEqual(files);
  });
});
