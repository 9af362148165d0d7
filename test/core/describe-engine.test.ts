import { describe, expect, it } from 'vitest';
import { describeEngine } from '../../src/results/results.js';
import { ENGINE_VERSION } from '../../src/engine/index.js';

describe('describeEngine', () => {
  it('shows a version that already names its engine alone', () => {
    expect(describeEngine({ name: 'k6', version: 'k6 v0.49.0 (go1.21.6, linux/amd64)' })).toBe('k6 v0.49.0 (go1.21.6, linux/amd64)');
    expect(describeEngine({ name: 'k6', version: 'k6 v1.0.0 (commit/abc, go1.24.1, linux/amd64)' })).toBe('k6 v1.0.0 (commit/abc, go1.24.1, linux/amd64)');
    expect(describeEngine({ name: 'embedded', version: ENGINE_VERSION })).toBe(ENGINE_VERSION);
    expect(describeEngine({ name: 'autocannon', version: 'autocannon (loadgate probe)' })).toBe('autocannon (loadgate probe)');
  });

  it('puts the name before a version that does not say it', () => {
    expect(describeEngine({ name: 'k6', version: 'unknown (imported summary)' })).toBe('k6 unknown (imported summary)');
    expect(describeEngine({ name: 'embedded', version: '0.1.0' })).toBe('embedded 0.1.0');
    expect(describeEngine({ name: 'go-test', version: 'go1.22.1' })).toBe('go-test go1.22.1');
    // "k6" inside another word is not the name.
    expect(describeEngine({ name: 'k6', version: 'xk6-build 1.0' })).toBe('k6 xk6-build 1.0');
    expect(describeEngine({ name: 'k6', version: '' })).toBe('k6');
  });
});
