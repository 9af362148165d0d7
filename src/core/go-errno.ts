/** Linux strerror texts, as Go's syscall.Errno prints them (k6 shows them in its errors). */
const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

/** Go's words for a Node error's errno code; Node's message when there are none. */
export function goErrnoText(err: { code?: string; message: string }): string {
  return GO_ERRNO_TEXT[err.code ?? ''] ?? err.message;
}
