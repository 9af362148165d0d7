/**
 * What crosses between a VU and its HTTP client (and, for blocking VUs, between threads): a
 * request as the script made it, and the response with k6's timing phases.
 */

/** k6's timing phases in milliseconds (Response.timings). */
export interface HttpTimings {
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  duration: number;
  /** DNS lookup: k6 v0.49 and v2 give 0 (and emit no http_req_looking_up metric); set on Response.timings only. */
  looking_up?: number;
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  /** @default 60000 (k6's default) */
  timeoutMs: number;
  /** Skip TLS certificate checks (k6 option insecureSkipTLSVerify). */
  insecureSkipTLSVerify?: boolean;
  /** A fresh connection, closed after the response (k6 option noConnectionReuse). */
  noConnectionReuse?: boolean;
  /** Close the VU's idle connections first: the first request of an iteration under noVUConnectionReuse. */
  closeIdleFirst?: boolean;
  /** The address to connect from (the VU's, from `--local-ips`); connections are kept apart by it. */
  localAddress?: string;
}

export interface WireResponse {
  status: number;
  statusText: string;
  proto: string;
  headers: Record<string, string>;
  setCookies: string[];
  body: Uint8Array;
  timings: HttpTimings;
  /** k6 `error` string (k6's short text for the kind of failure), '' on success. */
  error: string;
  /** Go's error text, e.g. `Get "<url>": request timeout`: k6's `Request Failed` warning and `throw: true` exception; '' on success. */
  goError: string;
  /** k6 `error_code`, 0 on success. */
  errorCode: number;
  bytesSent: number;
  bytesReceived: number;
  remoteIp: string;
  remotePort: number;
  tlsVersion: string;
  /** The negotiated cipher suite by Go's (IANA) name, k6's `tls_cipher_suite`; '' without TLS. */
  tlsCipherSuite: string;
}
