/**
 * k6's root_group: groups and checks keyed by path (`::health::status is 200`),
 * with ids = md5(path) exactly as k6 computes them (lib/models.go).
 */
import { createHash } from 'node:crypto';
import type { K6Check, K6Group } from '../../core/k6-summary.js';

/** k6's group path separator. */
export const GROUP_SEPARATOR = '::';

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

export class GroupTree {
  readonly root: K6Group = { name: '', path: '', id: md5(''), groups: [], checks: [] };
  private readonly groups = new Map<string, K6Group>([['', this.root]]);
  private readonly checks = new Map<string, K6Check>();

  /** Ensures the group at `path` (and its ancestors) exists; returns it. */
  group(path: string): K6Group {
    const found = this.groups.get(path);
    if (found) return found;
    const cut = path.lastIndexOf(GROUP_SEPARATOR);
    const parent = this.group(cut <= 0 ? '' : path.slice(0, cut));
    const name = path.slice(cut + GROUP_SEPARATOR.length);
    const group: K6Group = { name, path, id: md5(path), groups: [], checks: [] };
    parent.groups.push(group);
    this.groups.set(path, group);
    return group;
  }

  /** Counts one check result in its group. */
  check(groupPath: string, name: string, passed: boolean): void {
    const path = `${groupPath}${GROUP_SEPARATOR}${name}`;
    let check = this.checks.get(path);
    if (!check) {
      check = { name, path, id: md5(path), passes: 0, fails: 0 };
      this.group(groupPath).checks.push(check);
      this.checks.set(path, check);
    }
    if (passed) check.passes++;
    else check.fails++;
  }
}
