import { KUBE_KINDS, ObjectSpec } from '../../constructs/api-objects';
import { sortKeys } from '../core/compare';
import { Pieces, propsToYaml, unwrap } from './yaml';

type Json = Record<string, unknown>;

/**
 * Field names whose JSON spelling differs from cdk8s-plus' camel-cased prop name: what the kinds' toJson functions
 * rename (test/synth/manifest.test.ts reads them out of cdk8s-plus-28). Map keys this project writes (labels,
 * annotations, quota resources) never take these spellings: each contains a dot or a slash, or is a fixed word.
 */
export const JSON_FIELD_NAMES: Readonly<Record<string, string>> = {
  clusterIp: 'clusterIP',
  datasetUuid: 'datasetUUID',
  diskUri: 'diskURI',
  externalId: 'externalID',
  hostIp: 'hostIP',
  hostIpc: 'hostIPC',
  hostPid: 'hostPID',
  insecureSkipTlsVerify: 'insecureSkipTLSVerify',
  loadBalancerIp: 'loadBalancerIP',
  nodeId: 'nodeID',
  nonResourceUrLs: 'nonResourceURLs',
  pdId: 'pdID',
  podCidr: 'podCIDR',
  podCidRs: 'podCIDRs',
  providerId: 'providerID',
  setHostnameAsFqdn: 'setHostnameAsFQDN',
  storagePolicyId: 'storagePolicyID',
  targetCpuUtilizationPercentage: 'targetCPUUtilizationPercentage',
  targetWwNs: 'targetWWNs',
  volumeId: 'volumeID',
};

/**
 * The Kubernetes JSON of one object of a chart with `chartLabels`, as `Chart.toJson()` renders it, without cdk8s:
 * apiVersion, kind and metadata first, then every other field in sorted order (the order of the kinds' toJson
 * functions), the chart's labels under the object's own, Quantity and IntOrString as their value, field names in
 * their JSON spelling, null and undefined dropped, and empty maps and lists dropped from metadata.
 * test/synth/render.test.ts holds it to the construct path byte for byte.
 */
export function manifestOf(object: ObjectSpec, chartLabels: Readonly<Record<string, string>>): Json {
  return headJson(manifestHead(object, chartLabels));
}

/** An object's manifest half made: apiVersion, kind and the rendered metadata, then the other props as given. */
export interface ManifestHead {
  readonly top: Json;
  readonly names: ReadonlyMap<string, string>;
}

/** Appends to `out` the pieces of `toYaml(manifestOf(…))`, written straight from the props without the copy. */
export const headYaml = (head: ManifestHead, out: Pieces): void => propsToYaml(head.top, { names: head.names }, out);

/** The manifest itself, made of the head in place: after headYaml, when both are wanted. */
export function headJson({ top, names }: ManifestHead): Json {
  for (const key of Object.keys(top)) if (key !== 'apiVersion' && key !== 'kind' && key !== 'metadata') top[key] = jsonOf(top[key], names, false);
  return top;
}

/** apiVersion, kind and the rendered metadata, then the other props as given, under their JSON names in sorted order. */
export function manifestHead(object: ObjectSpec, chartLabels: Readonly<Record<string, string>>): ManifestHead {
  const custom = object.kind === 'Custom';
  const props = object.props as Json & { metadata?: Json };
  const { apiVersion, kind } = custom ? (props as { apiVersion: string; kind: string }) : KUBE_KINDS[object.kind].type.GVK;
  const names = custom ? NO_RENAMES : RENAMES;
  const top: Json = { apiVersion, kind, metadata: metadataJson(props.metadata ?? {}, chartLabels, names) };
  const keys = sortKeys(Object.keys(props));
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
    if (props[key] !== null && props[key] !== undefined) top[names.get(key) ?? key] = props[key];
  }
  return { top, names };
}

/** `jsonOf` of the metadata with the chart's labels under its own, without copying the metadata first. */
function metadataJson(metadata: Json, chartLabels: Readonly<Record<string, string>>, names: ReadonlyMap<string, string>): Json {
  const keys = Object.keys(metadata);
  if (!('labels' in metadata)) keys.push('labels');
  sortKeys(keys);
  const out: Json = {};
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const value = key === 'labels' ? jsonOf({ ...chartLabels, ...(metadata.labels as Json | undefined) }, names, true) : jsonOf(metadata[key], names, true);
    if (value !== undefined) out[names.get(key) ?? key] = value;
  }
  return out;
}

const RENAMES: ReadonlyMap<string, string> = new Map(Object.entries(JSON_FIELD_NAMES));
const NO_RENAMES: ReadonlyMap<string, string> = new Map();

function jsonOf(value: unknown, names: ReadonlyMap<string, string>, dropEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return dropEmpty && value.length === 0 ? undefined : value.map((v) => jsonOf(v, names, dropEmpty));
  if (Object.getPrototypeOf(value) !== Object.prototype) return unwrap(value);
  const keys = Object.keys(value);
  sortKeys(keys);
  const out: Json = {};
  let empty = true;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const v = jsonOf((value as Json)[key], names, dropEmpty);
    if (v === undefined) continue;
    out[names.get(key) ?? key] = v;
    empty = false;
  }
  return dropEmpty && empty ? undefined : out;
}
