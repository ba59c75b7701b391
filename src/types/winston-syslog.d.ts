// winston-syslog ships no types; this declares the part we use.
declare module 'winston-syslog' {
  import type TransportStream from 'winston-transport';

  export interface SyslogTransportOptions {
    host?: string;
    port?: number;
    protocol?: string;
    path?: string;
    facility?: string;
    localhost?: string;
    type?: 'BSD' | '5424';
    app_name?: string;
    eol?: string;
  }

  export class Syslog extends TransportStream {
    constructor(options?: SyslogTransportOptions);
  }
}
