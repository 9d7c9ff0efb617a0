import type { RequestSubject, SubjectTiers } from '../lib/access/subject-tiers';

/**
 * jq's equivalent of what GpuEventClassifier.classify (lib/audit/gpu-event.ts, lib/audit/gpu-count.ts) makes of a
 * pod event, the only GPU-bearing resource of the generated log: the same writes at a final stage, dry runs and
 * subresources left out, GPUs as the scheduler counts them (requests, else limits; sidecar init containers; the
 * largest init container), controllers' allowed pods left out, and the same fields in the same order. What
 * classify looks up in dist/ comes in as $cluster, $teams (namespace → team) and $tiers (namespace → subject →
 * tier), made by jqLookups.
 */
export const JQ_GPU_POD_FILTER = String.raw`
def obj: if type == "object" then . else {} end;
def objects_of: if type == "array" then map(select(type == "object")) else [] end;
def count: (if type == "string" then sub("^\\s+"; "") | sub("\\s+$"; "") else . end)
  | (if type == "number" then . elif type == "string" and test("^[0-9]+$") then tonumber else 0 end)
  | if . > 0 and . == floor and . <= 9007199254740991 then . else 0 end;
def container_gpus: (.resources | obj) as $r
  | if ($r.requests | obj | has("nvidia.com/gpu")) then $r.requests["nvidia.com/gpu"] else ($r.limits | obj)["nvidia.com/gpu"] end
  | count;
def pod_gpus: obj | (.initContainers | objects_of) as $inits
  | ([(.containers | objects_of)[], ($inits[] | select(.restartPolicy == "Always")) | container_gpus] | add // 0) as $running
  | ([$inits[] | select(.restartPolicy != "Always") | container_gpus] | max // 0) as $init
  | if $running > $init then $running else $init end;
def full_object: select(type == "object" and (.kind | type) == "string" and .kind != "Status");
def controlled: obj | .metadata | obj | .ownerReferences | if type == "array" then any(.[]; type == "object" and .controller == true) else false end;
def denial_reason: (.responseStatus | obj) as $s | ($s.message // "") as $m | ($m | index("is forbidden: ")) as $at
  | if $at != null then $m[$at + 14:]
    elif $m != "" then $m
    elif ($s.reason // "") != "" then $s.reason
    elif $s.code != null then "HTTP \($s.code)"
    else null end;

select(.objectRef.resource == "pods" and (.objectRef.apiGroup // "") == "" and (.objectRef.subresource // "") == ""
  and (.verb | IN("create", "update", "patch", "delete", "deletecollection"))
  and (.stage | IN("ResponseComplete", "Panic"))
  and ((.requestURI // "") | test("[?&]dryRun=") | not))
| (.responseStatus.code // (if .stage == "Panic" then 500 else null end)) as $code
| select($code != null)
| ($code >= 200 and $code < 300) as $allowed
| (first(.responseObject, .requestObject | full_object) // null) as $object
| (if $object.kind == "Pod" then $object.spec | pod_gpus else null end) as $gpus
| select($gpus != 0)
| (.impersonatedUser // .user // {}) as $subject
| select(($allowed and ($subject.username // "" | startswith("system:")) and (($object // .requestObject) | controlled)) | not)
| (.objectRef.namespace // "") as $ns
| (($subject.username // "") + "\n" + (($subject.groups // []) | join("\n"))) as $key
| (.objectRef.name // ($object | obj | .metadata | obj | .name | if type == "string" then . else null end)) as $name
| {
    timestamp: (.requestReceivedTimestamp // .stageTimestamp // null),
    cluster: $cluster,
    user: (.impersonatedUser.username // .user.username // null),
    groups: ($subject.groups // []),
    team: ($teams[$ns] // null),
    tier: ($tiers[$ns][$key] // null),
    namespace: (.objectRef.namespace // null),
    action: (if .verb == "delete" or .verb == "deletecollection" then "delete" else "gpu_request" end),
    resource: ("pods" + (if ($name // "") != "" then "/" + $name else "" end)),
    gpuCount: $gpus,
    result: (if $allowed then "allowed" else "denied" end),
    reason: (if $allowed then (.annotations["authorization.k8s.io/reason"] // "" | if . == "" then null else . end) else denial_reason end)
  }
`;

/** A subject of the log and the namespace it acts in. */
export interface LogSubject extends RequestSubject {
  readonly namespace: string;
}

/**
 * The --argjson values of JQ_GPU_POD_FILTER: the team of each namespace and the tier of each subject in it, as
 * SubjectTiers answers them, for the subjects of the log.
 */
export function jqLookups(tiers: SubjectTiers, subjects: Iterable<LogSubject>): { teams: Record<string, string>; tiers: Record<string, Record<string, string>> } {
  const teams: Record<string, string> = {};
  const tierTable: Record<string, Record<string, string>> = {};
  for (const { namespace, user, groups } of subjects) {
    const team = tiers.teamOf(namespace);
    if (team !== undefined) teams[namespace] = team;
    const tier = tiers.tierOf({ user, groups }, namespace);
    if (tier !== undefined) (tierTable[namespace] ??= {})[`${user}\n${groups.join('\n')}`] = tier;
  }
  return { teams, tiers: tierTable };
}
