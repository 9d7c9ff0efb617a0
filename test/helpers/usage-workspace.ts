import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usage } from '../../lib/cli/usage';
import { synthesize } from '../../lib/synth/synthesize';
import { capture } from './capture';
import { type FileState, filesUnder } from './edit-workspace';
import { NOW } from './example';
import { USAGE_TEAMS, usageFixtureLog } from './usage-fixture';

/** A temp dir with a teams.yaml, the dist/ and audit policy synth writes for it, and an audit log: where `usage` runs. */
export class UsageWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'cw-rbac-usage-'));
  readonly file = join(this.dir, 'teams.yaml');
  readonly dist = join(this.dir, 'dist');
  readonly log = join(this.dir, 'audit.log');

  constructor(teamsText: string = readFileSync(USAGE_TEAMS, 'utf8'), logText: string = usageFixtureLog()) {
    writeFileSync(this.file, teamsText);
    const outputs = synthesize(teamsText, { now: NOW });
    mkdirSync(this.dist);
    for (const [name, content] of outputs.dist) writeFileSync(join(this.dist, name), content);
    for (const [path, content] of outputs.files) {
      mkdirSync(join(this.dir, path, '..'), { recursive: true });
      writeFileSync(join(this.dir, path), content);
    }
    writeFileSync(this.log, logText);
  }

  /** `coreweave-rbac usage ARGS… -f teams.yaml --dist dist --now 2026-11-23`, in this process. */
  run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return capture(usage, [...args, '-f', this.file, '--dist', this.dist, '--now', '2026-11-23']);
  }

  /** The same over the workspace's audit log. */
  report(...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return this.run([this.log, ...flags]);
  }

  /** Every file of the workspace with its bytes and mtime: what a refused --apply must leave alone. */
  files(): Map<string, FileState> {
    return filesUnder(this.dir);
  }
}
