import type { ClusterSnapshot } from './cluster-snapshot';
import type { DesiredState } from './desired-state';
import { fieldChanges } from './field-diff';
import type { FixCommands } from './fix-commands';
import { groupKind, groupOf, objectId, objectKey } from './object-identity';
import type { ChangedObject, MissingObject } from './report';

/**
 * The objects of dist/ that the cluster lacks, and those whose fields dist/ sets differ on the cluster, in dist/'s
 * order. Objects of a kind that could not be listed are neither: they were not compared.
 */
export function findChanges(desired: DesiredState, snapshot: ClusterSnapshot, commands: FixCommands): { changed: ChangedObject[]; missing: MissingObject[] } {
  const live = new Map(snapshot.objects.map((o) => [objectKey(o), o]));
  const changed: ChangedObject[] = [];
  const missing: MissingObject[] = [];
  for (const { object, file } of desired.objects) {
    if (!snapshot.listed.has(groupKind(groupOf(object.apiVersion), object.kind))) continue;
    const found = live.get(objectKey(object));
    if (found === undefined) {
      missing.push({ ...objectId(object), file, command: commands.restore(file) });
      continue;
    }
    const fields = fieldChanges(object, found);
    if (fields.length > 0) changed.push({ ...objectId(object), file, fields, command: commands.restore(file) });
  }
  return { changed, missing };
}
