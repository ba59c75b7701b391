import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { DashboardAssets } from './dashboard.assets';

// The page and its files are public: they hold no data. The browser then calls the API with
// the key the user typed, which decides what the dashboard may show.
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly assets: DashboardAssets) {}

  @Get()
  page(@Res({ passthrough: true }) res: Response) {
    return this.assets.serve('index.html', res);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res({ passthrough: true }) res: Response) {
    return this.assets.serve(name, res);
  }
}
