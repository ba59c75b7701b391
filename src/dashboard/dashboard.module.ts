import { Module } from '@nestjs/common';
import { DashboardAssets } from './dashboard.assets';
import { DashboardController } from './dashboard.controller';
import { WhoamiController } from './whoami.controller';

/** The browser dashboard at /dashboard, and GET /api/whoami that it starts from. */
@Module({
  controllers: [DashboardController, WhoamiController],
  providers: [DashboardAssets],
})
export class DashboardModule {}
