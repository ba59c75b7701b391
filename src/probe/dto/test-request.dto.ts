import { IntersectionType } from '@nestjs/swagger';
import { DeviceAccessDto } from './device-access.dto';
import { TestParametersDto } from './test-parameters.dto';

/** POST /api/test: one test on one router. */
export class TestRequestDto extends IntersectionType(DeviceAccessDto, TestParametersDto) {}
