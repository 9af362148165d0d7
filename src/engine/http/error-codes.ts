/**
 * k6's HTTP error codes (go.k6.io/k6/lib/netext/httpext/error_codes.go) and how a failed
 * request reads in k6. k6 says it twice, differently: `res.error` is its own short text for
 * the kind of failure ("request timeout", "dial: connection refused"), while the
 * `Request Failed` warning (and the exception under `throw: true`) shows Go's error as
 * net/http's Client returned it, e.g. `Get "http://…": request timeout`.
 */
import { goQuote } from '../../core/go-quote.js';
import { goErrnoText } from '../../core/go-errno.js';
import net from 'node:net';
import type { K6Compat } from '../k6-compat.js';

export const K6HttpErrorCode = {
  generic: 1000,
  nonTcpNetwork: 1010,
  invalidUrl: 1020,
  requestTimeout: 1050,
  blacklistedIp: 1110,
  blockedHostname: 1111,
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

/** A failed request as k6 reports it. */
export interface K6RequestError {
  /** `res.error_code`. */
  code: number;
  /** `res.error`: k6's text for the kind of failure. */
  message: string;
  /** Go's error text: what k6 logs as `Request Failed error=…` and throws under `throw: true`. */
  goError: string;
}

/**
 * The request a failure belongs to. `headReceived`: the failure came while reading the
 * body. Go's Client wraps failures up to the response head in a url.Error
 * (`Get "<url>": <cause>`); k6 reads the body itself, so those failures reach it bare.
 */
export interface FailedRequest {
  method: string;
  url: string;
  host: string;
  port: number;
  /** `ip:port` of this side of the connection, once connected (Go names both ends in read errors). */
  local?: string;
  /** `ip:0` the connection was dialled from, when the VU has a source address (`--local-ips`). */
  source?: string;
  headReceived: boolean;
  /** The k6 generation whose words TLS errors take. @default current k6 */
  compat?: K6Compat;
}

/** The end of a connection before the response was complete (Node reports it as a plain `end`). */
export const EOF_BEFORE_RESPONSE = 'EOF';
export const EOF_INSIDE_RESPONSE = 'UNEXPECTED_EOF';

/** Go's url.Error text: `<Op> "<url>": <cause>`, the password in the URL replaced by `***`. */
export function goUrlError(method: string, url: string, cause: string): string {
  return `${urlErrorOp(method)} ${goQuote(stripPassword(url))}: ${cause}`;
}

/** net/http's urlErrorOp: the method with only its first letter upper case (`Get`, `Purge`); `Get` for none. */
function urlErrorOp(method: string): string {
  if (method === '') return 'Get';
  return /^[\x00-\x7f]*$/.test(method) ? `${method[0]}${method.slice(1).toLowerCase()}` : method;
}

/** net/http's stripPassword: `user:secret@` shows as `user:***@`. */
function stripPassword(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/, '$1:***@');
}

function failure(req: FailedRequest, code: number, message: string, cause: string): K6RequestError {
  return { code, message, goError: req.headReceived ? cause : goUrlError(req.method, req.url, cause) };
}

/** The request outlived params.timeout (k6's own deadline). */
export function requestTimeout(req: FailedRequest): K6RequestError {
  return failure(req, K6HttpErrorCode.requestTimeout, 'request timeout', 'request timeout');
}

/**
 * A socket/TLS error as k6 reports it: its code and short text (k6's errorCodeForError),
 * and Go's own wording of the cause. Checked against k6 v2.2 and v0.49 on loopback for
 * refused, reset, EOF and timeouts; the DNS, unreachable and TLS texts are Go's wording
 * as k6 passes it on, not checked against a run.
 */
export function errorFromSocket(err: Error & { code?: string }, req: FailedRequest): K6RequestError {
  const { host, port } = req;
  const addr = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const conn = req.local ? `${req.local}->${addr}` : addr;
  // Go names the source address of a dial that has one (`--local-ips`): `dial tcp 127.0.0.2:0->127.0.0.1:80: …`.
  const dialed = req.source ? `${req.source}->${addr}` : addr;
  switch (err.code) {
    case 'ECONNREFUSED':
      return failure(req, K6HttpErrorCode.tcpDialRefused, 'dial: connection refused', `dial tcp ${dialed}: connect: connection refused`);
    case 'ETIMEDOUT':
      return failure(req, K6HttpErrorCode.tcpDialTimeout, 'dial: i/o timeout', `dial tcp ${dialed}: i/o timeout`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL': {
      // Any other errno of the connect (or, with a source address, bind) call: k6's "unknown errno" (1213).
      const errno = Math.abs((err as { errno?: number }).errno ?? 0);
      const text = goErrnoText(err);
      const syscall = (err as { syscall?: string }).syscall === 'bind' ? 'bind' : 'connect';
      return failure(req, K6HttpErrorCode.tcpDialUnknownErrno, `dial: unknown errno ${errno} error with msg \`${text}\``, `dial tcp ${dialed}: ${syscall}: ${text}`);
    }
    case 'ENOTFOUND':
      return failure(req, K6HttpErrorCode.dnsNoSuchHost, 'lookup: no such host', `lookup ${host}: no such host`);
    case 'EAI_AGAIN': {
      const cause = `lookup ${host}: ${err.message}`;
      return failure(req, K6HttpErrorCode.dnsGeneric, cause, cause);
    }
    case 'ECONNRESET':
      return failure(req, K6HttpErrorCode.tcpResetByPeer, 'read: connection reset by peer', `read tcp ${conn}: read: connection reset by peer`);
    case 'EPIPE':
      return failure(req, K6HttpErrorCode.tcpBrokenPipe, 'write: broken pipe', `write tcp ${conn}: write: broken pipe`);
    // Go's io.EOF / io.ErrUnexpectedEOF: k6 has no code of its own for them.
    case EOF_BEFORE_RESPONSE:
      return failure(req, K6HttpErrorCode.generic, 'EOF', 'EOF');
    case EOF_INSIDE_RESPONSE:
      return failure(req, K6HttpErrorCode.generic, 'unexpected EOF', 'unexpected EOF');
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return failure(req, K6HttpErrorCode.x509UnknownAuthority, 'x509: unknown authority', goVerifyError(req, 'x509: certificate signed by unknown authority'));
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return failure(req, K6HttpErrorCode.x509Hostname, "x509: certificate doesn't match hostname", goVerifyError(req, goHostnameError((err as { host?: string }).host ?? host, (err as { cert?: { subjectaltname?: string } }).cert?.subjectaltname ?? '')));
    default: {
      // An alert the server sent: Go's `remote error: tls: <alert>`, which k6 counts as a network error.
      const alert = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(err.code ?? '')?.[1];
      if (alert !== undefined && GO_TLS_ALERTS[alert] !== undefined) {
        const cause = `remote error: tls: ${GO_TLS_ALERTS[alert]}`;
        return failure(req, K6HttpErrorCode.nonTcpNetwork, cause, cause);
      }
      const code = err.code?.startsWith('ERR_TLS') || err.code?.startsWith('ERR_SSL') ? K6HttpErrorCode.tlsGeneric : K6HttpErrorCode.generic;
      return failure(req, code, err.message, err.message);
    }
  }
}


/** Go's crypto/tls alert texts, by OpenSSL's alert name. */
const GO_TLS_ALERTS: Record<string, string> = {
  UNEXPECTED_MESSAGE: 'unexpected message',
  BAD_RECORD_MAC: 'bad record MAC',
  HANDSHAKE_FAILURE: 'handshake failure',
  BAD_CERTIFICATE: 'bad certificate',
  UNSUPPORTED_CERTIFICATE: 'unsupported certificate',
  CERTIFICATE_REVOKED: 'revoked certificate',
  CERTIFICATE_EXPIRED: 'expired certificate',
  CERTIFICATE_UNKNOWN: 'unknown certificate',
  ILLEGAL_PARAMETER: 'illegal parameter',
  UNKNOWN_CA: 'unknown certificate authority',
  ACCESS_DENIED: 'access denied',
  DECODE_ERROR: 'error decoding message',
  DECRYPT_ERROR: 'error decrypting message',
  PROTOCOL_VERSION: 'protocol version not supported',
  INSUFFICIENT_SECURITY: 'insufficient security level',
  INTERNAL_ERROR: 'internal error',
  INAPPROPRIATE_FALLBACK: 'inappropriate fallback',
  USER_CANCELLED: 'user canceled',
  UNRECOGNIZED_NAME: 'unrecognized name',
  CERTIFICATE_REQUIRED: 'certificate required',
  NO_APPLICATION_PROTOCOL: 'no application protocol',
};

/** A certificate check that failed, as Go words it: k6 v2's Go puts `tls: failed to verify certificate: ` first, v0.49's does not. */
function goVerifyError(req: FailedRequest, x509: string): string {
  return req.compat === 'v0.49' ? x509 : `tls: failed to verify certificate: ${x509}`;
}

/** Go's x509.HostnameError text, from the certificate's subjectAltName as Node gives it (`DNS:a, IP Address:1.2.3.4`). */
function goHostnameError(host: string, altNames: string): string {
  const names = altNames.split(', ').filter(Boolean);
  const isIp = net.isIP(host) !== 0;
  const valid = names.filter((n) => n.startsWith(isIp ? 'IP Address:' : 'DNS:')).map((n) => n.slice(n.indexOf(':') + 1));
  if (isIp && valid.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
  if (valid.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${valid.join(', ')}, not ${host}`;
}
