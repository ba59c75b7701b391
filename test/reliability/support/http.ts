import { type Agent, type IncomingHttpHeaders, request } from 'node:http';

/** One answer, with how long it took from sending to the last byte. */
export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body; undefined when the body is not JSON. */
  body: unknown;
  ms: number;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as it is (with a JSON content type). */
  body?: unknown;
  /** Default: a fresh connection per request, closed after it (nothing lingers between checks). */
  agent?: Agent | false;
  /** A request still unanswered after this rejects (default 30 s). */
  timeoutMs?: number;
  /** The client's own loopback address (127.0.0.2, ...): another client as the app sees it. */
  localAddress?: string;
}

/** A plain HTTP call to the app under test. */
export function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<Reply> {
  // The path is sent as given (a fuzzed `//x` or `%zz` included), never resolved as a URL.
  const url = new URL(baseUrl);
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const started = performance.now();
  return new Promise<Reply>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers,
        agent: options.agent ?? false,
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            body: parseJson(text),
            ms: performance.now() - started,
          });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () =>
      req.destroy(new Error(`no answer to ${path} within ${options.timeoutMs ?? 30_000} ms`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The error code of an error envelope, if the body is one. */
export function errorCode(reply: Reply): string | undefined {
  const body = reply.body as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' ? body.error.code : undefined;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
