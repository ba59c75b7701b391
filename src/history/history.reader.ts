import { Injectable } from '@nestjs/common';
import { compileDeviceScope, compileTargetScope } from '../auth/scope.matcher';
import { ScopeService } from '../auth/scope.service';
import type { CallContext } from '../probe/probe.types';
import type { HistoryQueryDto, HistoryTargetsQueryDto } from './dto/history-query.dto';
import { type HistoryAnswer, HistoryService, type SeriesListAnswer } from './history.service';

/** The history endpoints: the stored series, limited to what the caller's key may see. */
@Injectable()
export class HistoryReader {
  constructor(
    private readonly history: HistoryService,
    private readonly scopes: ScopeService,
  ) {}

  /** One series; FORBIDDEN (audited) when its device or target is outside the key's scopes. */
  read(query: HistoryQueryDto, caller: CallContext): Promise<HistoryAnswer> {
    this.scopes.assertAllowed(caller, query.device, query.target);
    const since = query.since === undefined ? undefined : new Date(query.since);
    return this.history.read(
      { device: query.device, target: query.target, test_type: query.test_type ?? 'ping' },
      since,
    );
  }

  /** Every series the key may see; out-of-scope ones are left out, not refused. */
  targets(query: HistoryTargetsQueryDto, caller: CallContext): Promise<SeriesListAnswer> {
    const device =
      caller.deviceScopes === undefined ? undefined : compileDeviceScope(caller.deviceScopes);
    const target =
      caller.targetScopes === undefined ? undefined : compileTargetScope(caller.targetScopes);
    return this.history.list(
      (series) =>
        (query.test_type === undefined || series.test_type === query.test_type) &&
        (device === undefined || device(series.device)) &&
        (target === undefined || target(series.target)),
    );
  }
}
