import { GPU_RESOURCE } from '../core/gpu';
/** GPUs that a Kubernetes object requests, from its JSON as the API server logs it. Pure. */

const GPU = GPU_RESOURCE;
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const obj = (x: unknown): Obj => (isObj(x) ? x : {});
const list = (x: unknown): Obj[] => (Array.isArray(x) ? x.filter(isObj) : []);

/** A whole-number quantity (`8`, `"8"`, `"1k"` is not a GPU count); fractional or malformed counts as 0. */
function count(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : 0;
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** A replica count; absent means the API server's default. */
function replicas(value: unknown, absent: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : absent;
}

/** A container's GPUs: its request, or its limit (extended resources default the request to the limit). */
function containerGpus(container: Obj): number {
  const resources = obj(container.resources);
  const requests = obj(resources.requests);
  return count(GPU in requests ? requests[GPU] : obj(resources.limits)[GPU]);
}

/**
 * A pod's GPUs as the scheduler and ResourceQuota count them: the sum over its containers (and sidecar init
 * containers, which keep running), or the largest init container if that is more.
 */
export function podSpecGpus(spec: unknown): number {
  const s = obj(spec);
  const inits = list(s.initContainers);
  const sidecars = inits.filter((c) => c.restartPolicy === 'Always');
  const running = [...list(s.containers), ...sidecars].reduce((sum, c) => sum + containerGpus(c), 0);
  const largestInit = inits.filter((c) => c.restartPolicy !== 'Always').reduce((max, c) => Math.max(max, containerGpus(c)), 0);
  return Math.max(running, largestInit);
}

const templateGpus = (template: unknown): number => podSpecGpus(obj(template).spec);

/** Pods a Job runs at once: parallelism (default 1), never more than completions. */
function jobGpus(spec: Obj): number {
  const parallelism = replicas(spec.parallelism, 1);
  const completions = typeof spec.completions === 'number' ? Math.min(parallelism, replicas(spec.completions, parallelism)) : parallelism;
  return completions * templateGpus(spec.template);
}

/** Head and worker groups of a RayCluster spec. */
function rayClusterGpus(spec: Obj): number {
  const head = templateGpus(obj(spec.headGroupSpec).template);
  const workers = list(spec.workerGroupSpecs).reduce((sum, g) => sum + replicas(g.replicas, replicas(g.minReplicas, 1)) * templateGpus(g.template), 0);
  return head + workers;
}

/** A KServe InferenceService component (predictor, transformer, explainer): minReplicas × its containers. */
function inferenceComponentGpus(component: unknown): number {
  const c = obj(component);
  if (Object.keys(c).length === 0) return 0;
  // the model server is `model` (v1beta1) or a framework key such as `pytorch` or `huggingface`, beside `containers`
  const servers = Object.values(c).filter((v) => isObj(v) && isObj(v.resources));
  const pod = servers.reduce((sum: number, s) => sum + containerGpus(s as Obj), 0) + podSpecGpus(c);
  return replicas(c.minReplicas, 1) * pod;
}

/** The GPUs an object requests when it runs: pods, workload controllers, training jobs, inference services, Kueue Workloads. */
export function objectGpus(object: unknown): number | undefined {
  const o = obj(object);
  const spec = obj(o.spec);
  switch (o.kind) {
    case 'Pod':
      return podSpecGpus(spec);
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      return replicas(spec.replicas, 1) * templateGpus(spec.template);
    case 'Job':
      return jobGpus(spec);
    case 'CronJob':
      return jobGpus(obj(obj(spec.jobTemplate).spec));
    case 'PyTorchJob':
      return Object.values(obj(spec.pytorchReplicaSpecs)).reduce((sum: number, r) => sum + replicas(obj(r).replicas, 1) * templateGpus(obj(r).template), 0);
    case 'RayCluster':
      return rayClusterGpus(spec);
    case 'RayJob':
      return rayClusterGpus(obj(spec.rayClusterSpec));
    case 'InferenceService':
      return inferenceComponentGpus(spec.predictor) + inferenceComponentGpus(spec.transformer) + inferenceComponentGpus(spec.explainer);
    case 'Workload':
      return list(spec.podSets).reduce((sum, p) => sum + replicas(p.count, 1) * templateGpus(p.template), 0);
    case 'ResourceQuota': {
      const hard = obj(spec.hard);
      return count(hard[`requests.${GPU}`] ?? hard[GPU] ?? hard[`limits.${GPU}`]);
    }
    case 'ClusterQueue':
      return list(spec.resourceGroups)
        .flatMap((g) => list(g.flavors))
        .flatMap((f) => list(f.resources))
        .filter((r) => r.name === GPU)
        .reduce((sum, r) => sum + count(r.nominalQuota), 0);
    default:
      return undefined;
  }
}

/** GPUs per replica of a scalable object, so that a later scale event (which carries only the replica count) can be counted. */
export function gpusPerReplica(object: unknown): number | undefined {
  const o = obj(object);
  const spec = obj(o.spec);
  if (o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'ReplicaSet') return templateGpus(spec.template);
  return undefined;
}

/** The replica count of an autoscaling/v1 Scale. */
export function scaleReplicas(object: unknown): number | undefined {
  const o = obj(object);
  return o.kind === 'Scale' ? replicas(obj(o.spec).replicas, 0) : undefined;
}
