// A minimal Zabbix 6.0 JSON-RPC client: `user.login` takes {username, password} and the session
// token travels in the body as `auth` (6.4+ moved it to an Authorization header).

interface RpcAnswer<T> {
  result?: T;
  error?: { code: number; message: string; data: string };
}

export class ZabbixApi {
  private token: string | undefined;
  private id = 0;

  constructor(private readonly url: string) {}

  async login(username = 'Admin', password = 'zabbix'): Promise<void> {
    this.token = await this.call<string>('user.login', { username, password });
  }

  async call<T>(method: string, params: unknown): Promise<T> {
    this.id += 1;
    const anonymous = method === 'user.login' || method === 'apiinfo.version';
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json-rpc' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        method,
        params,
        id: this.id,
        ...(anonymous ? {} : { auth: this.token }),
      }),
      signal: AbortSignal.timeout(60_000),
    });
    const answer = (await response.json()) as RpcAnswer<T>;
    if (answer.error !== undefined) {
      throw new Error(`${method}: ${answer.error.message} ${answer.error.data}`);
    }
    return answer.result as T;
  }
}
