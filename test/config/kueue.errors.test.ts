import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { NOW } from '../helpers/example';
import { problems } from '../helpers/problems';

const doc = (cluster: string, team = '    quota: { gpu: 8 }'): string =>
  `cluster:\n  name: lab\n  admins: [platform]\n${cluster}\nteams:\n  - name: vision\n${team}\n`;

describe('cluster.kueue validation (README, "GPU classes and Kueue")', () => {
  it.each([
    [
      'a gpuByClass class missing from gpuCapacity',
      doc('  gpuCapacity: { H100: 8 }\n  kueue: {}', '    quota: { gpu: 8, gpuByClass: { A100: 8 } }'),
      ['teams.yaml:8:36: teams[0].quota.gpuByClass.A100: GPU class "A100" is not in cluster.gpuCapacity, expected one of H100'],
    ],
    [
      'a defaults gpuByClass class missing from gpuCapacity',
      'cluster:\n  name: lab\n  admins: [platform]\n  gpuCapacity: { H100: 8 }\n  kueue: {}\ndefaults:\n  quota: { gpu: 8, gpuByClass: { B200: 4 } }\nteams:\n  - name: vision\n',
      ['teams.yaml:7:34: defaults.quota.gpuByClass.B200: GPU class "B200" is not in cluster.gpuCapacity, expected one of H100'],
    ],
    [
      'a class that cannot become a DNS-1123 flavor name',
      doc('  gpuCapacity: { A_.B: 8 }\n  kueue: {}'),
      ['teams.yaml:4:18: cluster.gpuCapacity["A_.B"]: cannot become a Kueue ResourceFlavor name: the flavor name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), got "a-.b"'],
    ],
    [
      'two classes that become the same flavor',
      doc('  gpuCapacity: { H100_SXM: 8, h100-sxm: 8 }\n  kueue: {}'),
      ['teams.yaml:4:31: cluster.gpuCapacity["h100-sxm"]: GPU classes "H100_SXM" and "h100-sxm" both become the Kueue ResourceFlavor "h100-sxm", expected classes that differ after lower-casing and "_" → "-"'],
    ],
    [
      'kueue without gpuCapacity',
      doc('  kueue: { cohort: gpu }'),
      ['teams.yaml:2:3: cluster: missing required key "gpuCapacity" (required when cluster.kueue is set)'],
    ],
    [
      'kueue with an empty gpuCapacity',
      doc('  gpuCapacity: {}\n  kueue: {}'),
      ['teams.yaml:4:16: cluster.gpuCapacity: names no GPU class, expected at least one class when cluster.kueue is set (each becomes a Kueue ResourceFlavor)'],
    ],
    [
      'a borrowingLimit without a cohort',
      doc('  gpuCapacity: { H100: 8 }\n  kueue: { cohort: null }', '    quota: { gpu: 8 }\n    queue: { borrowingLimit: 4 }'),
      ['teams.yaml:9:30: teams[0].queue.borrowingLimit: cannot borrow without a cohort (cluster.kueue.cohort is null), expected a cohort or no borrowingLimit'],
    ],
    [
      'a cohort that is not a DNS-1123 subdomain',
      doc('  gpuCapacity: { H100: 8 }\n  kueue: { cohort: GPU_Pool }'),
      ['teams.yaml:5:20: cluster.kueue.cohort: must be a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), got "GPU_Pool"'],
    ],
    [
      'a nodeLabel that is not a label key',
      doc('  gpuCapacity: { H100: 8 }\n  kueue: { nodeLabel: "gpu class" }'),
      ['teams.yaml:5:23: cluster.kueue.nodeLabel: must be a label key such as gpu.nvidia.com/class, got "gpu class"'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it.each([
    [
      'oversubscription stays a warning',
      doc('  gpuCapacity: { H100: 4 }\n  kueue: {}', '    quota: { gpu: 8, gpuByClass: { H100: 8 } }'),
      ['teams.yaml:4:24: warning: cluster.gpuCapacity.H100: H100 is oversubscribed: teams\' gpuByClass add up to 8 GPUs, the cluster has 4'],
    ],
    [
      'oversubscription counts gpuByClass inherited from defaults',
      'cluster:\n  name: lab\n  admins: [platform]\n  gpuCapacity: { H100: 4 }\ndefaults:\n  quota: { gpu: 8, gpuByClass: { H100: 3 } }\nteams:\n  - name: a\n  - name: b\n',
      ['teams.yaml:4:24: warning: cluster.gpuCapacity.H100: H100 is oversubscribed: teams\' gpuByClass add up to 6 GPUs, the cluster has 4'],
    ],
    [
      'a queue without cluster.kueue does nothing',
      doc('  gpuCapacity: { H100: 8 }', '    quota: { gpu: 8 }\n    queue: { borrowingLimit: 4 }'),
      ['teams.yaml:8:5: warning: teams[0].queue: has no effect without cluster.kueue, expected cluster.kueue to be set (or no queue)'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(() => parseConfig(text, { now: NOW })).not.toThrow();
    expect(problems(text)).toEqual(expected);
  });

  it('accepts gpuByClass classes of any name without Kueue (they only feed the oversubscription warning)', () => {
    expect(problems(doc('  gpuCapacity: { H100: 8 }', '    quota: { gpu: 8, gpuByClass: { A100: 8 } }'))).toEqual([]);
  });
});
