import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { DeviceAccessDto } from './device-access.dto';
import { TestParametersDto } from './test-parameters.dto';

/** POST /api/test/batch: up to 50 tests on one router, answered in request order. */
export class BatchRequestDto extends DeviceAccessDto {
  @ApiProperty({ type: [TestParametersDto], minItems: 1, maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  // ValidateNested lets an array through as an entry (and validates nothing in it): an entry
  // `[]` reached the device layer and came back INTERNAL_ERROR. Each entry is one object.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TestParametersDto)
  tests!: TestParametersDto[];
}
