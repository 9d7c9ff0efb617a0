import { describe, expect, it } from 'vitest';
import { eventsOfLine } from '../../lib/audit/audit-event';
import { auditEvent } from './audit-events';

const event = auditEvent({ verb: 'create', user: 'a', resource: 'pods', namespace: 'research', code: 201 });

describe('audit log lines', () => {
  it('an Event per line, as the log backend writes them', () => {
    expect(eventsOfLine(JSON.stringify(event))).toEqual([event]);
  });

  it('an EventList, as the webhook backend batches them', () => {
    expect(eventsOfLine(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: [event, event] }))).toEqual([event, event]);
  });

  it.each([
    ['text', 'GET /api/v1/pods', 'expected a JSON audit event, got "GET /api/v1/pods"'],
    ['a truncated line', '{"kind":"Event","verb":"cre', 'expected a JSON audit event, got "{\\"kind\\":\\"Event\\",\\"verb\\":\\"cre" (cut short?)'],
    ['a list', '[1,2]', 'expected an audit.k8s.io/v1 Event object, got a list'],
    ['a number', '42', 'expected an audit.k8s.io/v1 Event object, got 42'],
    ['another kind', '{"kind":"Pod","verb":"get","stage":"ResponseComplete"}', 'expected kind Event, got "Pod"'],
    ['no verb', '{"kind":"Event","stage":"ResponseComplete"}', 'expected an audit.k8s.io/v1 Event with "verb" and "stage", got keys kind, stage'],
    ['a bad item of a list', '{"kind":"EventList","items":[{"kind":"Event"}]}', 'items[0]: expected an audit.k8s.io/v1 Event with "verb" and "stage", got keys kind'],
  ])('%s is malformed', (_name, line, message) => {
    expect(() => eventsOfLine(line)).toThrow(message);
  });
});
