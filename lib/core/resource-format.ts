/** `deployments.apps/scale`, `pods/exec`, `secrets`: how kubectl prints a group resource. */
export function formatResource(group: string, resource: string, subresource?: string): string {
  return `${resource}${group ? `.${group}` : ''}${subresource ? `/${subresource}` : ''}`;
}
