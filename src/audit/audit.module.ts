import { Module, type OnModuleDestroy } from '@nestjs/common';
import { AuditService } from './audit.service';
import { AuditSink } from './audit.sink';
import { WinstonAuditSink } from './winston-audit.sink';

@Module({
  providers: [AuditService, { provide: AuditSink, useClass: WinstonAuditSink }],
  exports: [AuditService],
})
export class AuditModule implements OnModuleDestroy {
  constructor(private readonly sink: AuditSink) {}

  async onModuleDestroy(): Promise<void> {
    await this.sink.close();
  }
}
