/**
 * k6's HTTP error codes (go.k6.io/k6/lib/netext/httpext/error_codes.go) and the
 * mapping from Node socket errors to k6's codes and messages.
 */
export const K6HttpErrorCode = {
  generic: 1000,
  nonTcpNetwork: 1010,
  invalidUrl: 1020,
  requestTimeout: 1050,
  dnsGeneric: 1100,
  dnsNoSuchHost: 1101,
  tcpGeneric: 1200,
  tcpBrokenPipe: 1201,
  tcpDial: 1210,
  tcpDialTimeout: 1211,
  tcpDialRefused: 1212,
  tcpDialUnknownErrno: 1213,
  tcpResetByPeer: 1220,
  tlsGeneric: 1300,
  x509UnknownAuthority: 1310,
  x509Hostname: 1311,
} as const;

const METHOD_NAMES: Record<string, string> = { GET: 'Get', POST: 'Post', PUT: 'Put', PATCH: 'Patch', DELETE: 'Delete', HEAD: 'Head', OPTIONS: 'Options' };

/** Maps a socket/TLS error to k6's `{ error_code, error }`, worded like Go's net errors. */
export function errorFromSocket(
  err: Error & { code?: string },
  method: string,
  url: string,
  host: string,
  port: number,
): { code: number; message: string } {
  const prefix = `${METHOD_NAMES[method] ?? method} "${url}": `;
  const addr = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return { code: K6HttpErrorCode.tcpDialRefused, message: `${prefix}dial tcp ${addr}: connect: connection refused` };
    case 'ETIMEDOUT':
      return { code: K6HttpErrorCode.tcpDialTimeout, message: `${prefix}dial tcp ${addr}: i/o timeout` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { code: K6HttpErrorCode.tcpDial, message: `${prefix}dial tcp ${addr}: connect: ${err.message}` };
    case 'ENOTFOUND':
      return { code: K6HttpErrorCode.dnsNoSuchHost, message: `${prefix}lookup ${host}: no such host` };
    case 'EAI_AGAIN':
      return { code: K6HttpErrorCode.dnsGeneric, message: `${prefix}lookup ${host}: ${err.message}` };
    case 'ECONNRESET':
      return { code: K6HttpErrorCode.tcpResetByPeer, message: `${prefix}read tcp ${addr}: read: connection reset by peer` };
    case 'EPIPE':
    case 'EPIPE_EOF':
      return { code: K6HttpErrorCode.tcpBrokenPipe, message: `${prefix}EOF` };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return { code: K6HttpErrorCode.x509UnknownAuthority, message: `${prefix}tls: failed to verify certificate: x509: certificate signed by unknown authority` };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { code: K6HttpErrorCode.x509Hostname, message: `${prefix}tls: failed to verify certificate: ${err.message}` };
    default:
      if (err.code?.startsWith('ERR_TLS') || err.code?.startsWith('ERR_SSL')) {
        return { code: K6HttpErrorCode.tlsGeneric, message: `${prefix}${err.message}` };
      }
      return { code: K6HttpErrorCode.generic, message: `${prefix}${err.message}` };
  }
}
