import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import * as auditEvent from '../../lib/audit/audit-event';
import { eventsOfLine } from '../../lib/audit/audit-event';
import { usageEventOf } from '../../lib/usage/usage-event';
import { usageEventsOfLine } from '../../lib/usage/usage-line';

// The quick reader of lib/usage/usage-line.ts reads an Event's members without parsing its bodies: it must give
// exactly what parsing the whole line gives, and throw where that throws.

const reference = (line: string) => eventsOfLine(line).map(usageEventOf);
const RECORDED = readFileSync(join(__dirname, '..', 'fixtures', 'usage', 'audit.log'), 'utf8').split('\n').filter(Boolean);

describe('usageEventsOfLine', () => {
  it('reads every line the real API server wrote as parsing the whole line does', () => {
    expect(RECORDED.length).toBeGreaterThan(300);
    for (const line of RECORDED) expect(usageEventsOfLine(line), line.slice(0, 200)).toEqual(reference(line));
  });

  it("reads each line the API server wrote by its members, never parsing the line whole", () => {
    const whole = vi.spyOn(auditEvent, 'eventsOfLine');
    try {
      for (const line of RECORDED) usageEventsOfLine(line);
      expect(whole).not.toHaveBeenCalled();
      // what is not one Event in the usual shape is parsed whole
      usageEventsOfLine(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [] }));
      expect(whole).toHaveBeenCalledTimes(1);
    } finally {
      whole.mockRestore();
    }
  });

  it('reads lines with other member orders, escapes, nulls and odd values as parsing them whole does', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('a"b', 'c\\d', 'e\nf', 'RBAC: allowed by RoleBinding "x/y" of ClusterRole "z" to Group "g"', '"requestReceivedTimestamp":', '}', ']', 'x"authorization.k8s.io/reason":"y', '},"', '{"username":"a"}'));
    const user = fc.oneof(fc.record({ username: text, groups: fc.array(text, { maxLength: 3 }) }), fc.record({ username: text, uid: text, extra: fc.dictionary(text, fc.array(text)) }), fc.constant(null), text);
    const ref = fc.oneof(fc.record({ resource: fc.constantFrom('pods', 'deployments', ''), namespace: text, name: text, apiGroup: fc.constantFrom('', 'apps'), subresource: fc.constantFrom('scale', 'log') }, { requiredKeys: ['resource'] }), fc.constant(null));
    const body = fc.oneof(fc.jsonValue(), fc.constant({ kind: 'SubjectAccessReview', spec: { user: 'x', requestReceivedTimestamp: 'y' } }));
    const event = fc.record(
      {
        kind: fc.constant('Event'),
        apiVersion: fc.constant('audit.k8s.io/v1'),
        level: fc.constantFrom('Metadata', 'RequestResponse'),
        auditID: text,
        stage: fc.oneof(fc.constantFrom('ResponseComplete', 'ResponseStarted', 'Panic'), fc.integer()),
        requestURI: text,
        verb: fc.oneof(fc.constantFrom('get', 'list', 'create', 'patch'), fc.constant(null)),
        user,
        impersonatedUser: user,
        sourceIPs: fc.array(text, { maxLength: 2 }),
        objectRef: ref,
        responseStatus: fc.oneof(fc.record({ metadata: fc.constant({}), message: text, code: fc.constantFrom(200, 201, 403, 404) }, { requiredKeys: ['metadata'] }), fc.constant(null)),
        requestObject: body,
        responseObject: body,
        requestReceivedTimestamp: fc.oneof(fc.constant('2026-11-20T09:00:00.123456Z'), text, fc.integer()),
        stageTimestamp: fc.oneof(fc.constant('2026-11-20T09:00:00.223456Z'), text),
        annotations: fc.oneof(fc.dictionary(fc.constantFrom('authorization.k8s.io/decision', 'authorization.k8s.io/reason', 'other'), text), fc.constant(null)),
      },
      { requiredKeys: ['kind', 'apiVersion', 'stage', 'verb'] },
    );
    // in the Go type's order; with the head members in another order (as some log shippers write them); reversed
    const shuffled = fc.tuple(event, fc.constantFrom('go', 'head', 'reversed')).map(([e, order]) => {
      if (order === 'go') return JSON.stringify(e);
      const { kind, apiVersion, level, auditID, stage, requestURI, verb, ...rest } = e;
      if (order === 'head') return JSON.stringify({ kind, apiVersion, verb, auditID, stage, requestURI, level, ...rest });
      return JSON.stringify({ kind, ...Object.fromEntries(Object.entries({ apiVersion, level, auditID, stage, requestURI, verb, ...rest }).reverse()) });
    });
    fc.assert(
      fc.property(shuffled, (line) => {
        let expected: unknown;
        try {
          expected = reference(line);
        } catch (e) {
          expect(() => usageEventsOfLine(line)).toThrow((e as Error).message);
          return;
        }
        expect(usageEventsOfLine(line)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('throws as eventsOfLine does on a line cut short, and on what is not an Event', () => {
    const line = RECORDED[RECORDED.length - 1]!;
    for (const cut of [line.slice(0, 40), line.slice(0, line.length - 2), line.slice(0, line.indexOf('"annotations"')), '[1,2]', '{"kind":"Event","apiVersion":"audit.k8s.io/v1"}']) {
      expect(() => reference(cut)).toThrow();
      expect(() => usageEventsOfLine(cut)).toThrow(((): string => {
        try {
          reference(cut);
        } catch (e) {
          return (e as Error).message;
        }
        return '';
      })());
    }
  });

  it('reads each Event of an EventList', () => {
    const items = RECORDED.slice(100, 103).map((l) => JSON.parse(l) as unknown);
    expect(usageEventsOfLine(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items }))).toEqual(items.map((i) => usageEventOf(i as never)));
  });
});
