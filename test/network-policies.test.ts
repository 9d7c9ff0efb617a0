import { describe, expect, it } from 'vitest';
import { cidrContains, connectionAllowed, Endpoint, networkPolicies, selectorMatches } from '../lib/access/network-policy';
import { allObjects, examplePlan } from './helpers/example';

const policies = networkPolicies(allObjects(examplePlan()));
const pod = (namespace: string): Endpoint => ({ namespace, podLabels: { app: 'x' } });
const allowed = (from: Endpoint, to: Endpoint, port = 8080, protocol: 'TCP' | 'UDP' = 'TCP') => connectionAllowed(policies, { from, to, port, protocol });

describe('network isolation of the example org', () => {
  it('lets pods of one namespace reach each other', () => {
    for (const ns of ['research', 'inference', 'finetune', 'data', 'assistant-app']) expect(allowed(pod(ns), pod(ns)), ns).toBe(true);
  });

  it('denies pods of one team reaching another team unless allowFrom lets them', () => {
    expect(allowed(pod('inference'), pod('research'))).toBe(false);
    expect(allowed(pod('finetune'), pod('research'))).toBe(false);
    expect(allowed(pod('research'), pod('finetune'))).toBe(false);
    expect(allowed(pod('research'), pod('data'))).toBe(false); // allowFrom is one-way
    expect(allowed(pod('data'), pod('research'))).toBe(true); // research: allowFrom [data]
    expect(allowed(pod('assistant-app'), pod('inference'))).toBe(true); // serving: allowFrom [assistant-app]
    expect(allowed(pod('research'), pod('inference'))).toBe(false);
  });

  it('lets ingress controllers and monitoring reach every team, and nothing else outside the teams', () => {
    for (const ns of ['research', 'inference', 'finetune', 'data', 'assistant-app']) {
      expect(allowed(pod('ingress-nginx'), pod(ns)), ns).toBe(true);
      expect(allowed(pod('monitoring'), pod(ns), 9090), ns).toBe(true);
      expect(allowed(pod('default'), pod(ns)), ns).toBe(false);
      expect(allowed(pod('kube-system'), pod(ns)), ns).toBe(false);
    }
  });

  it('keeps egress open for teams without restrictions', () => {
    expect(allowed(pod('research'), { ip: '8.8.8.8' }, 443)).toBe(true);
  });

  it('limits restricted egress to DNS in kube-system, the own namespace and egressCidrs', () => {
    expect(allowed(pod('inference'), pod('kube-system'), 53, 'UDP')).toBe(true);
    expect(allowed(pod('inference'), pod('kube-system'), 53, 'TCP')).toBe(true);
    expect(allowed(pod('inference'), pod('kube-system'), 443)).toBe(false);
    expect(allowed(pod('inference'), { ip: '10.40.7.9' }, 443)).toBe(true);
    expect(allowed(pod('inference'), { ip: '10.41.0.1' }, 443)).toBe(false);
    expect(allowed(pod('inference'), { ip: '8.8.8.8' }, 53, 'UDP')).toBe(false);
    expect(allowed(pod('inference'), pod('research'))).toBe(false);
    expect(allowed(pod('inference'), pod('inference'))).toBe(true);
  });
});

describe('the NetworkPolicy evaluator', () => {
  it('matches label selectors as the API documents them', () => {
    expect(selectorMatches({}, {})).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '1' } }, { a: '1', b: '2' })).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '1' } }, { a: '2' })).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }, { a: '2' })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {})).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {})).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, {})).toBe(true);
  });

  it('matches IPv4 CIDRs', () => {
    expect(cidrContains('10.40.0.0/16', '10.40.255.1')).toBe(true);
    expect(cidrContains('10.40.0.0/16', '10.41.0.1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '1.2.3.4')).toBe(true);
  });

  it('allows everything to a namespace without policies, and nothing but the allowed once one selects the pod', () => {
    const deny = { metadata: { name: 'd', namespace: 'b' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    expect(connectionAllowed([], { from: pod('a'), to: pod('b'), port: 1 })).toBe(true);
    expect(connectionAllowed([deny], { from: pod('a'), to: pod('b'), port: 1 })).toBe(false);
  });
});
