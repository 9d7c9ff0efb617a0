import { describe, expect, it } from 'vitest';
import { renderFiles } from '../lib/synth/render';
import { examplePlan } from './helpers/example';

const files = renderFiles(examplePlan());

describe('the example org (test/fixtures/example)', () => {
  it.each([...files.keys()])('%s matches its golden file', async (file) => {
    await expect(files.get(file)).toMatchFileSnapshot(`../__snapshots__/example/${file}`);
  });

  it('has one cluster file and one file per team, nothing else', () => {
    expect([...files.keys()].sort()).toEqual(['cluster.yaml', ...examplePlan().teams.map((t) => `team-${t.name}.yaml`)].sort());
  });

  it('renders byte-identical output on every run', () => {
    expect(renderFiles(examplePlan())).toEqual(files);
  });
});
