import * as http from 'node:http';
import * as https from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface ProbeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Set for https: what the handshake negotiated and whether the chain verified. */
  tls?: TlsFacts;
}

export interface TlsFacts {
  protocol: string | null;
  authorized: boolean;
  authorizationError?: string;
  validTo?: Date;
}

export interface ProbeRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
}

/**
 * A tiny HTTP(S) client over node:http, because global fetch cannot take a private CA or report
 * the negotiated TLS version and certificate, which the TLS control needs.
 */
export class HttpProbe {
  private readonly agent: http.Agent;
  private verify = true;

  constructor(
    private readonly base: URL,
    private readonly timeoutMs: number,
    private readonly ca?: Buffer,
  ) {
    this.agent = this.makeAgent();
  }

  get isHttps(): boolean {
    return this.base.protocol === 'https:';
  }

  /** After a failed TLS control the other controls still run, without verification. */
  stopVerifying(): void {
    this.verify = false;
  }

  request(spec: ProbeRequest): Promise<ProbeResponse> {
    const url = new URL(spec.path, this.base);
    const body = spec.json === undefined ? undefined : JSON.stringify(spec.json);
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const options: https.RequestOptions = {
      method: spec.method ?? 'GET',
      headers,
      timeout: this.timeoutMs,
      agent: this.verify ? this.agent : undefined,
      ...(this.isHttps ? { ca: this.ca, rejectUnauthorized: this.verify } : {}),
    };
    return new Promise((resolve, reject) => {
      const req = (this.isHttps ? https : http).request(url, options, (res) => {
        // Read now: a keep-alive socket is handed back to the agent once the body has ended.
        const tls = this.isHttps ? tlsFacts(res.socket as TLSSocket) : undefined;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            tls,
          }),
        );
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private makeAgent(): http.Agent {
    // Keep-alive so hammering the rate limit measures the limiter, not connection set-up.
    return this.isHttps
      ? new https.Agent({ keepAlive: true, ca: this.ca })
      : new http.Agent({ keepAlive: true });
  }
}

function tlsFacts(socket: TLSSocket): TlsFacts {
  const certificate = socket.getPeerCertificate();
  const error = socket.authorizationError as Error | string | null | undefined;
  return {
    protocol: socket.getProtocol(),
    authorized: socket.authorized,
    authorizationError: error === null || error === undefined ? undefined : String(error),
    validTo: certificate.valid_to === undefined ? undefined : new Date(certificate.valid_to),
  };
}

/** The body as JSON, or undefined when it is not JSON. */
export function jsonBody(response: ProbeResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}
