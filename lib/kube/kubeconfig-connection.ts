import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/input-error';
import { RestClient } from './rest-client';

/** A client of one cluster, and where it is, for messages. */
export interface ClusterConnection {
  readonly api: RestClient;
  readonly server: string;
  readonly context: string;
}

/** A client of the cluster of a kubeconfig's context (default: $KUBECONFIG, else ~/.kube/config; its current context), as kubectl reads it. */
export async function connectWithKubeconfig(kubeconfig: string | undefined, contextName: string | undefined): Promise<ClusterConnection> {
  // @kubernetes/client-node is an ES module: load it only when a cluster is asked
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  const defaultFile = join(homedir(), '.kube', 'config');
  if (kubeconfig === undefined && !process.env.KUBECONFIG && !existsSync(defaultFile) && !process.env.KUBERNETES_SERVICE_HOST) {
    throw new InputError(`no kubeconfig: $KUBECONFIG is not set and ${defaultFile} does not exist; pass --kubeconfig PATH`);
  }
  try {
    if (kubeconfig !== undefined) kc.loadFromFile(kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new InputError(`cannot read kubeconfig ${kubeconfig ?? '(default)'}: ${(e as Error).message}`);
  }
  if (contextName !== undefined) {
    if (!kc.getContexts().some((c) => c.name === contextName)) {
      throw new InputError(`no context ${JSON.stringify(contextName)} in the kubeconfig; it has ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}`);
    }
    kc.setCurrentContext(contextName);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new InputError(`the kubeconfig ${kubeconfig ?? '(default)'} has no current cluster: pass --kubeconfig PATH and --context NAME`);
  return { api: await RestClient.fromKubeConfig(kc), server: cluster.server, context: kc.getCurrentContext() };
}
