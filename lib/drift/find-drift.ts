import type { VolumeClaimCount } from './cluster-reader';
import type { ClusterSnapshot } from './cluster-snapshot';
import type { DesiredState } from './desired-state';
import { findChanges } from './find-changes';
import { findExtras } from './find-extras';
import { scanOrphans } from './find-orphans';
import type { FixCommands } from './fix-commands';
import type { DriftReport } from './report';

export interface DriftInput {
  readonly desired: DesiredState;
  readonly snapshot: ClusterSnapshot;
  /** The PersistentVolumeClaims of the orphaned namespaces. @default - none counted */
  readonly volumeClaims?: VolumeClaimCount;
  readonly commands: FixCommands;
}

/** The cluster compared with dist/: extra grants, changed and missing objects, orphaned namespaces. */
export function findDrift(input: DriftInput): DriftReport {
  const { desired, snapshot, commands } = input;
  const { changed, missing } = findChanges(desired, snapshot, commands);
  const { orphans, otherClusters } = scanOrphans(desired, snapshot);
  return {
    extra: findExtras(desired, snapshot, commands),
    changed,
    missing,
    orphaned: orphans.map((o) => ({
      kind: 'Namespace',
      namespace: null,
      name: o.name,
      team: o.team,
      persistentVolumeClaims: input.volumeClaims?.counts.get(o.name) ?? null,
      command: commands.removeNamespace(o.name),
    })),
    unlisted: [...snapshot.unlisted, ...(input.volumeClaims?.unlisted ? [input.volumeClaims.unlisted] : [])],
    otherClusters,
  };
}
