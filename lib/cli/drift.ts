import { countVolumeClaims, readCluster } from '../drift/cluster-reader';
import { readDesiredState } from '../drift/desired-state';
import { findDrift } from '../drift/find-drift';
import { scanOrphans } from '../drift/find-orphans';
import { fixCommands } from '../drift/fix-commands';
import { connectWithKubeconfig } from '../kube/kubeconfig-connection';
import { kindsToList } from '../drift/listed-kinds';
import { hasDrift, type DriftReport } from '../drift/report';
import { driftJson } from '../drift/report-json';
import { driftMarkdown } from '../drift/report-markdown';
import { driftCounts, driftTable } from '../drift/report-table';
import { checkFormat, defineCommand, noArguments, runCli, type Parsed } from './command-spec';
import { DIST_INPUT_OPTION, EXIT, formatOption, resolveNow, TEAMS_OPTIONS } from './common';

const FORMATS = ['table', 'json', 'markdown'] as const;

const DRIFT = defineCommand({
  name: 'drift',
  usage: ['[flags]'],
  description: `Compare the live cluster with dist/ and report what GitOps does not show:
  extra      RoleBindings in team namespaces, and ClusterRoleBindings, Roles and ClusterRoles reaching team namespaces
             or team subjects, that dist/ does not have, with the access they grant in the tiers' terms
  changed    objects of dist/ whose fields differ on the cluster, field by field (the server's own fields ignored)
  missing    objects of dist/ the cluster does not have
  orphaned   namespaces of teams that left teams.yaml, with the PersistentVolumeClaims they still hold
Each finding comes with the kubectl command that removes or restores it; drift itself changes nothing.
Exit 0 and no output when nothing drifted, 1 on drift or when the cluster cannot be read, 2 for a bad command line.
The credentials need get and list of the kinds it reads: the ClusterRole coreweave-rbac-auditor in dist/ has exactly
those (bind groups to it with cluster.auditors).`,
  options: {
    kubeconfig: { type: 'string', description: 'the kubeconfig (default $KUBECONFIG, else ~/.kube/config)', value: 'PATH' },
    context: { type: 'string', description: "the kubeconfig's context (default its current context)", value: 'NAME' },
    ...TEAMS_OPTIONS,
    ...DIST_INPUT_OPTION,
    ...formatOption(FORMATS, 'table'),
  },
  notes: `A kind that cannot be listed (RBAC forbids it, no CRD serves it) is named in a warning and left out of the
comparison; the rest is still compared.`,
  onInvalidInput: 'nothing was read from the cluster',
});

type Options = Parsed<typeof DRIFT.options>['values'];

/** `coreweave-rbac drift`: the live cluster against dist/ (docs/drift.md). */
export function drift(argv: readonly string[]): Promise<number> {
  return runCli(DRIFT, argv, async ({ values, positionals }) => {
    noArguments(positionals);
    checkFormat(values.format, FORMATS);
    const { report, clusterName } = await compareWithCluster(values);
    for (const u of report.unlisted) warn(`could not list ${u.kind}: ${u.reason}; its objects were not compared`);
    for (const o of report.otherClusters) {
      const shown = o.namespaces.length > 3 ? `${o.namespaces.slice(0, 3).join(', ')}, …` : o.namespaces.join(', ');
      warn(`${o.namespaces.length} namespace${o.namespaces.length === 1 ? ' is' : 's are'} labelled for cluster ${o.cluster}, not this org's (${shown}); left out: another org's, or the wrong --context?`);
    }
    print(report, values.format, clusterName);
    if (!hasDrift(report)) return EXIT.ok;
    process.stderr.write(`drift: ${driftCounts(report)}\n`);
    return EXIT.failed;
  });
}

const warn = (message: string) => process.stderr.write(`drift: warning: ${message}\n`);

/** Validate teams.yaml and dist/ before the cluster is asked anything, then read the cluster and compare. */
async function compareWithCluster(values: Options): Promise<{ report: DriftReport; clusterName: string }> {
  const desired = readDesiredState({ teamsFile: values.file, distDir: values.dist, now: resolveNow(values.now) });
  const connection = await connectWithKubeconfig(values.kubeconfig, values.context);
  try {
    const snapshot = await readCluster(connection, kindsToList(desired));
    const { orphans } = scanOrphans(desired, snapshot);
    const claims = await countVolumeClaims(connection, orphans.map((o) => o.name));
    const commands = fixCommands({ ...(values.kubeconfig !== undefined ? { kubeconfig: values.kubeconfig } : {}), ...(values.context !== undefined ? { context: values.context } : {}) });
    const report = findDrift({ desired, snapshot, volumeClaims: claims, commands });
    return { report, clusterName: desired.plan.cluster.name };
  } finally {
    connection.api.close();
  }
}

/** JSON always prints its object, so that a script can parse it; table and markdown print nothing when nothing drifted. */
function print(report: DriftReport, format: string, clusterName: string): void {
  if (format === 'json') process.stdout.write(driftJson(report));
  else if (format === 'markdown') process.stdout.write(driftMarkdown(report, clusterName));
  else process.stdout.write(driftTable(report));
}
