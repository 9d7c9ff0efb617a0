import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accessReport, matrixTables } from '../../lib/access/access-report';
import { objectsOfTexts } from '../../lib/access/dist-objects';
import { MatrixEvaluation } from '../../lib/access/matrix-evaluation';
import { accessDigestPiece, digestSourceOf, readAccessInputs } from '../../lib/access/report-inputs';
import { synthesize } from '../../lib/synth/synthesize';
import { editsArbitrary, edited } from '../helpers/access-orgs';
import { referenceMatrix, withoutComments } from '../helpers/access-reference';
import { NOW } from '../helpers/example';
import { generateOrgWithRoles } from '../helpers/generated-org';

/** ACCESS.md after synth: what it writes, else (when the report before is current) that report. */
const reportOf = (text: string, previous?: string): string =>
  synthesize(text, { now: NOW, accessReport: true, ...(previous !== undefined ? { previousAccessReport: previous } : {}) }).files.get('ACCESS.md') ?? (previous as string);

/** Damage a report as a hand edit might: a name changed, a line dropped or doubled, a digest altered, the end cut. */
const damage = fc.tuple(fc.constantFrom('rename', 'drop-line', 'double-line', 'digest', 'cut', 'none'), fc.nat()).map(([kind, at]) => (report: string): string => {
  const lines = report.split('\n');
  const i = at % lines.length;
  switch (kind) {
    case 'rename': return report.replace(/oidc:gen-00\d-ml/, 'oidc:someone-else');
    case 'drop-line': return [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
    case 'double-line': return [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
    case 'digest': return report.replace(/digest ([0-9a-f])/, (_, c: string) => `digest ${c === '0' ? '1' : '0'}`);
    case 'cut': return report.slice(0, at % report.length);
    default: return report;
  }
});

afterEach(() => vi.restoreAllMocks());

describe('ACCESS.md written incrementally', () => {
  it('is byte for byte the report evaluated in full, after any edit of teams.yaml and any damage to the report before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), editsArbitrary, fc.array(damage, { maxLength: 2 }), (teams, edits, damages) => {
        const before = generateOrgWithRoles(teams);
        const after = edited(before, edits);
        if (after === undefined) return;
        const previous = damages.reduce((report, d) => d(report), reportOf(before));
        const full = reportOf(after);
        expect(reportOf(after, previous)).toBe(full);
        // what access-matrix writes from the dist/ synth writes
        const { dist } = synthesize(after, { now: NOW });
        expect(accessReport(objectsOfTexts(dist))).toBe(full);
      }),
      { numRuns: 120 },
    );
  });

  it('works out the digest file by file as it is of all the objects (what synth checks a report against)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), editsArbitrary, (teams, edits) => {
        const text = edited(generateOrgWithRoles(teams), edits);
        if (text === undefined) return;
        const { dist } = synthesize(text, { now: NOW });
        const files = [...dist.keys()].sort();
        const pieces = files.map((f) => accessDigestPiece(objectsOfTexts(new Map([[f, dist.get(f) as string]]))));
        expect(digestSourceOf(pieces)).toBe(readAccessInputs(objectsOfTexts(dist)).digestSource);
      }),
      { numRuns: 40 },
    );
  });

  it('says what the straightforward evaluation says, in its tables', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), editsArbitrary, (teams, edits) => {
        const after = edited(generateOrgWithRoles(teams), edits);
        if (after === undefined) return;
        const objects = objectsOfTexts(synthesize(after, { now: NOW }).dist);
        expect(withoutComments(reportOf(after))).toBe(matrixTables(referenceMatrix(objects)));
      }),
      { numRuns: 30 },
    );
  });

  it('evaluates only the namespaces whose objects changed, and nothing when no access changed', () => {
    const before = generateOrgWithRoles(8);
    const previous = reportOf(before);
    const evaluated = vi.spyOn(MatrixEvaluation.prototype, 'namespace');

    // a group added to one team: that team's section alone
    const oneTeam = edited(before, [['addGroup', 2]]) as string;
    const incremental = reportOf(oneTeam, previous);
    expect(evaluated.mock.calls).toEqual([['gen-002']]);
    expect(incremental).toBe(reportOf(oneTeam));

    // a rotation date and a quota: no evaluation at all, the report as it was
    evaluated.mockClear();
    const noAccess = edited(before, [['rotateToken', 3], ['changeQuota', 4]]) as string;
    expect(reportOf(noAccess, previous)).toBe(previous);
    expect(evaluated).not.toHaveBeenCalled();

    // a cluster viewer added: every namespace
    evaluated.mockClear();
    reportOf(edited(before, [['addViewer', 0]]) as string, previous);
    expect(evaluated).toHaveBeenCalledTimes(8);
  });

  it('recomputes a section whose subjects are named elsewhere: a token user shared with another team', () => {
    const before = generateOrgWithRoles(4);
    const shared = edited(before, [['shareTokenUser', 1]]) as string;
    expect(shared).toBeDefined();
    // gen-001's token now has gen-002's user, and gen-001's binding comes first: it names that user in both sections
    expect(reportOf(shared)).toContain('| token ci (User cw-token-gen2) | RoleBinding gen-002/token-ci');
    // renamed so that it sorts where it did: only the label in gen-002's section changes, none of its objects
    const org = JSON.parse(shared) as { teams: { tokens: { name: string }[] }[] };
    (org.teams[1]?.tokens[0] as { name: string }).name = 'cd';
    const renamed = JSON.stringify(org);
    const incremental = reportOf(renamed, reportOf(shared));
    expect(incremental).toContain('| token cd (User cw-token-gen2) | RoleBinding gen-002/token-ci');
    expect(incremental).toBe(reportOf(renamed));
  });
});
