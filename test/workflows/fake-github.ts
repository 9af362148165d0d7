/**
 * A local stand-in for the slice of GitHub's REST API that action/post-comment.mjs uses
 * (list an issue's comments with Link-header pagination, create one, update one), on
 * 127.0.0.1 and port 0, with an inspectable comment store.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = 'ghs_test-token';
export const REPO = 'octo/shop';
export const PR = 42;

/** GitHub's per_page is a request; this server, like GitHub at its cap, returns fewer to force paging. */
const PAGE_SIZE = 2;

export interface StoredComment {
  id: number;
  body: string;
  html_url: string;
}

/** The slice of GitHub's REST API the script talks to, with an inspectable comment store. */
export class FakeGitHub {
  comments: StoredComment[] = [];
  requests: string[] = [];
  /** Answer POST/PATCH with 403, as GitHub does for a fork PR's read-only token. */
  readOnlyToken = false;
  private nextId = 1000;
  private server: Server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.comments = [];
    this.requests = [];
    this.readOnlyToken = false;
  }

  add(body: string): StoredComment {
    const id = this.nextId++;
    const comment = { id, body, html_url: `https://github.com/${REPO}/pull/${PR}#issuecomment-${id}` };
    this.comments.push(comment);
    return comment;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    const list = `/repos/${REPO}/issues/${PR}/comments`;
    const one = new RegExp(`^/repos/${REPO}/issues/comments/(\\d+)$`).exec(url.pathname);
    const writing = req.method === 'POST' || req.method === 'PATCH';
    if (writing && this.readOnlyToken) return send(403, { message: 'Resource not accessible by integration' });
    if (req.method === 'GET' && url.pathname === list) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const pages = Math.max(1, Math.ceil(this.comments.length / PAGE_SIZE));
      const link: Record<string, string> =
        page < pages ? { link: `<${this.url}${list}?per_page=100&page=${page + 1}>; rel="next", <${this.url}${list}?per_page=100&page=${pages}>; rel="last"` } : {};
      return send(200, this.comments.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), link);
    }
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: string }) : {};
    if (req.method === 'POST' && url.pathname === list) return send(201, this.add(String(body.body)));
    if (req.method === 'PATCH' && one) {
      const comment = this.comments.find((c) => c.id === Number(one[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = String(body.body);
      return send(200, comment);
    }
    return send(404, { message: 'Not Found' });
  }
}
