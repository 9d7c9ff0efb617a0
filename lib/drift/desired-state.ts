import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load';
import { InputError } from '../core/input-error';
import type { KubeObject } from '../kube/rest-client';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import { CLUSTER_FILE, renderDist, teamFile } from '../synth/render';
import { staleDist } from '../synth/write-dist';

/** An object of dist/ and the file that holds it. */
export interface DesiredObject {
  readonly object: KubeObject;
  /** Its path: `dist/team-research.yaml`. */
  readonly file: string;
}

/** What the cluster should hold: dist/, checked to be what teams.yaml gives. */
export interface DesiredState {
  readonly plan: Plan;
  readonly objects: readonly DesiredObject[];
}

export interface DesiredStateOptions {
  readonly teamsFile: string;
  readonly distDir: string;
  readonly now: Date;
}

/**
 * teams.yaml validated (a ConfigError for bad input) and dist/ checked to be exactly what synth writes for it:
 * drift compares the cluster with what Flux applies, and a stale dist/ is not that.
 */
export function readDesiredState(options: DesiredStateOptions): DesiredState {
  const { teamsFile, distDir } = options;
  const plan = buildPlan(loadConfig(teamsFile, { now: options.now, file: teamsFile }).config);
  if (!existsSync(distDir) || !statSync(distDir).isDirectory()) throw new InputError(`${distDir}/ does not exist: run \`npx cdk8s synth\` first, or pass --dist DIR`);
  // rendered once: the files to hold dist/ to, and the objects in them (parsing dist/ back costs seconds at 1,000 teams)
  const rendered = renderDist(plan, { objects: true });
  const stale = staleDist(distDir, rendered.files);
  if (stale !== undefined) throw new InputError(`${distDir}/ is not what ${teamsFile} gives (${stale}), expected the output of synth: run \`npx cdk8s synth\` first`);
  return desiredState(plan, distDir, rendered.objects);
}

/**
 * The objects synth writes for a plan, each with the dist/ file that holds it: cluster-scoped objects in
 * cluster.yaml, a team's namespace and everything in it in the team's file (README, "dist/").
 */
export function desiredState(plan: Plan, distDir: string, rendered: readonly Record<string, unknown>[] = renderDist(plan, { objects: true }).objects): DesiredState {
  const fileOfNamespace = new Map(plan.teams.map((t) => [t.namespace, join(distDir, teamFile(t))]));
  const clusterFile = join(distDir, CLUSTER_FILE);
  const fileOf = (o: KubeObject): string => {
    const namespace = o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace;
    return (namespace === undefined ? undefined : fileOfNamespace.get(namespace)) ?? clusterFile;
  };
  const objects = (rendered as unknown as KubeObject[]).map((object) => ({ object, file: fileOf(object) }));
  return { plan, objects };
}
