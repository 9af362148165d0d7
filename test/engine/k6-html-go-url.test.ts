/**
 * The Go net/url subset behind k6/html's element properties (href, action, src resolved
 * against the page URL): RFC 3986 section 5.4's reference resolution examples, which Go's
 * ResolveReference passes, and the spots where Go differs from the WHATWG URL parser.
 */
import { describe, expect, it } from 'vitest';
import { formatGoUrl, parseGoUrl, resolveGoUrl, splitHostPort } from '../../src/engine/modules/html/go-url.js';

const BASE = 'http://a/b/c/d;p?q';

function resolve(ref: string, base = BASE): string {
  const b = parseGoUrl(base);
  const r = parseGoUrl(ref);
  if (!b || !r) throw new Error(`unparsable: ${base} / ${ref}`);
  return formatGoUrl(resolveGoUrl(b, r));
}

describe('Go URL resolution (k6/html element properties)', () => {
  it('RFC 3986 5.4.1 normal examples', () => {
    const normal: Array<[string, string]> = [
      ['g:h', 'g:h'],
      ['g', 'http://a/b/c/g'],
      ['./g', 'http://a/b/c/g'],
      ['g/', 'http://a/b/c/g/'],
      ['/g', 'http://a/g'],
      ['//g', 'http://g'],
      ['?y', 'http://a/b/c/d;p?y'],
      ['g?y', 'http://a/b/c/g?y'],
      ['#s', 'http://a/b/c/d;p?q#s'],
      ['g#s', 'http://a/b/c/g#s'],
      ['g?y#s', 'http://a/b/c/g?y#s'],
      [';x', 'http://a/b/c/;x'],
      ['g;x', 'http://a/b/c/g;x'],
      ['g;x?y#s', 'http://a/b/c/g;x?y#s'],
      ['', 'http://a/b/c/d;p?q'],
      ['.', 'http://a/b/c/'],
      ['./', 'http://a/b/c/'],
      ['..', 'http://a/b/'],
      ['../', 'http://a/b/'],
      ['../g', 'http://a/b/g'],
      ['../..', 'http://a/'],
      ['../../', 'http://a/'],
      ['../../g', 'http://a/g'],
    ];
    expect(normal.map(([ref]) => [ref, resolve(ref)])).toEqual(normal);
  });

  it('RFC 3986 5.4.2 abnormal examples', () => {
    const abnormal: Array<[string, string]> = [
      ['../../../g', 'http://a/g'],
      ['../../../../g', 'http://a/g'],
      ['/./g', 'http://a/g'],
      ['/../g', 'http://a/g'],
      ['g.', 'http://a/b/c/g.'],
      ['.g', 'http://a/b/c/.g'],
      ['g..', 'http://a/b/c/g..'],
      ['..g', 'http://a/b/c/..g'],
      ['./../g', 'http://a/b/g'],
      ['./g/.', 'http://a/b/c/g/'],
      ['g/./h', 'http://a/b/c/g/h'],
      ['g/../h', 'http://a/b/c/h'],
      ['g;x=1/./y', 'http://a/b/c/g;x=1/y'],
      ['g;x=1/../y', 'http://a/b/c/y'],
      ['g?y/./x', 'http://a/b/c/g?y/./x'],
      ['g#s/../x', 'http://a/b/c/g#s/../x'],
    ];
    expect(abnormal.map(([ref]) => [ref, resolve(ref)])).toEqual(abnormal);
  });

  it('keeps what WHATWG URL would normalize: no "/" added to a bare host, host case, the escaping as written', () => {
    expect(resolve('https://Ex.com', 'http://h/x')).toBe('https://Ex.com');
    expect(resolve('HTTP://h:8080/a%2Fb', 'http://h/x')).toBe('http://h:8080/a%2Fb');
    expect(resolve('rel/x y', 'http://h/dir/page')).toBe('http://h/dir/rel/x%20y');
    // Against no base (parseHTML has no URL) a relative path becomes rooted, as in Go.
    expect(formatGoUrl(resolveGoUrl(parseGoUrl('') as never, parseGoUrl('x?y') as never))).toBe('/x?y');
  });

  it('splits host and port as net.SplitHostPort does', () => {
    expect(splitHostPort('h:8080')).toEqual({ host: 'h', port: '8080' });
    expect(splitHostPort('[::1]:443')).toEqual({ host: '::1', port: '443' });
    expect(splitHostPort('h')).toBeUndefined();
    expect(splitHostPort('::1')).toBeUndefined();
  });
});
