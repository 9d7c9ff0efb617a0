import { readFileSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { InputError } from '../core/input-error';

/**
 * A small client of the Kubernetes REST API that sends objects exactly as given, over one keep-alive connection
 * pool. @kubernetes/client-node re-serializes objects through its typed models, which drops what they do not name
 * (a CRD's `x-kubernetes-int-or-string`, say), and opens a TLS connection per request; its KubeConfig still does
 * the authentication (tokens, client certificates, exec plugins).
 */
export class RestClient {
  /** For a server reached with a bearer token, trusting the CA in caFile. */
  static withToken(server: string, caFile: string, token: string): RestClient {
    return new RestClient(server, { ca: readFileSync(caFile), headers: { authorization: `Bearer ${token}` } });
  }

  /** For the current context of a kubeconfig, authenticated as it says. */
  static async fromKubeConfig(kc: KubeConfig): Promise<RestClient> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new InputError('the kubeconfig has no current cluster');
    const options: RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    return new RestClient(cluster.server, options);
  }

  private readonly agent: Agent;
  private readonly headers: Record<string, string>;
  private readonly discovery = new Map<string, Promise<Map<string, ApiResource>>>();

  constructor(
    readonly server: string,
    tls: RequestOptions,
  ) {
    const { headers, ...agentOptions } = tls;
    this.headers = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    this.agent = new Agent({ ...(agentOptions as object), keepAlive: true, maxSockets: 32 });
  }

  /**
   * One request; a non-2xx answer throws an ApiError with the Status message the server sent. Answers that mean
   * "not yet" (429, 503: a CRD's storage still initializing, say) are retried for up to 30 s, as kubectl does.
   */
  async send<T = unknown>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
      try {
        return await this.sendOnce<T>(method, path, body, contentType);
      } catch (e) {
        if (!(e instanceof ApiError && (e.status === 429 || e.status === 503)) || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private sendOnce<T>(method: string, path: string, body: unknown, contentType: string): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.server}${path}`,
        {
          method,
          agent: this.agent,
          headers: { ...this.headers, accept: 'application/json', ...(payload !== undefined ? { 'content-type': contentType } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              // not JSON: keep the text
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(parsed as T);
            else reject(new ApiError(status, (parsed as { message?: string } | undefined)?.message ?? (typeof parsed === 'string' ? parsed : `HTTP ${status}`)));
          });
        },
      );
      req.on('error', (e) => reject(new UnreachableError(this.server, e.message)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

/**
   * The REST resource of a kind, from the API server's discovery. A kind not found is asked again for up to
   * `waitMs`: discovery of a CRD's group can lag a moment behind the CRD being established.
   */
  async resource(apiVersion: string, kind: string, waitMs = 10_000): Promise<ApiResource> {
    const deadline = Date.now() + waitMs;
    for (let fresh = false; ; fresh = true) {
      if (fresh || !this.discovery.has(apiVersion)) this.discovery.set(apiVersion, this.discover(apiVersion));
      const found = (await this.discovery.get(apiVersion))?.get(kind);
      if (found) return found;
      if (Date.now() > deadline) throw new ApiError(404, `the server does not serve ${kind} in ${apiVersion}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private async discover(apiVersion: string): Promise<Map<string, ApiResource>> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    try {
      const list = await this.send<{ resources: { name: string; kind: string; namespaced: boolean }[] }>('GET', base);
      return new Map(list.resources.filter((r) => !r.name.includes('/')).map((r) => [r.kind, { base, plural: r.name, namespaced: r.namespaced }]));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return new Map();
      throw e;
    }
  }

  /** The URL path of a collection (namespace undefined: across all namespaces for a namespaced kind). */
  async collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    const r = await this.resource(apiVersion, kind);
    return r.namespaced && namespace ? `${r.base}/namespaces/${namespace}/${r.plural}` : `${r.base}/${r.plural}`;
  }

  async objectPath(o: ObjectRef): Promise<string> {
    return `${await this.collectionPath(o.apiVersion, o.kind, o.metadata.namespace)}/${o.metadata.name}`;
  }

  /** Server-side apply: the object as given, fields owned by fieldManager, conflicts forced. */
  async apply<T>(o: ObjectRef, fieldManager: string): Promise<T> {
    const path = `${await this.objectPath(o)}?fieldManager=${encodeURIComponent(fieldManager)}&force=true`;
    return this.send<T>('PATCH', path, o, 'application/apply-patch+yaml');
  }

  /** The objects of a kind across all namespaces. A kind the server does not serve throws an ApiError 404 at once. */
  async list<T>(apiVersion: string, kind: string, labelSelector?: string): Promise<T[]> {
    const r = await this.resource(apiVersion, kind, 0);
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
    return (await this.send<{ items: T[] }>('GET', `${r.base}/${r.plural}${query}`)).items;
  }

  async get<T>(o: ObjectRef): Promise<T> {
    return this.send<T>('GET', await this.objectPath(o));
  }

  async delete(o: ObjectRef): Promise<void> {
    await this.send('DELETE', await this.objectPath(o));
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface ApiResource {
  /** `/api/v1`, `/apis/rbac.authorization.k8s.io/v1`. */
  readonly base: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/** An object as dist/ has it or the API server returns it. */
export interface KubeObject extends ObjectRef {
  readonly metadata: { name: string; namespace?: string; resourceVersion?: string; creationTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** `RoleBinding research/team-lead`, `Namespace research`. */
export function objectRef(o: { kind?: string; metadata?: { name?: string; namespace?: string } }): string {
  const ns = o.metadata?.namespace;
  return `${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name}`;
}

/** The server could not be asked at all (refused, reset, a TLS failure): what was tried and what happened. */
export class UnreachableError extends InputError {
  constructor(
    readonly server: string,
    readonly detail: string,
  ) {
    super(`cannot reach ${server}: ${detail}`);
  }
}

/** A refusal of the API server: its HTTP status and the message of the Status it sent. */
export class ApiError extends InputError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
