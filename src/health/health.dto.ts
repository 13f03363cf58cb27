import { ApiProperty } from '@nestjs/swagger';

export class LivenessView {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

export class ReadinessView {
  @ApiProperty({ enum: ['ok', 'degraded'], description: 'degraded: Redis is away; calls are still served, jobs wait in the process and limits count per instance' })
  status: 'ok' | 'degraded';
  // A database that does not answer makes the answer a 503, so a 200 always has it up.
  @ApiProperty({ type: 'object', properties: { database: { type: 'string', enum: ['up'] }, redis: { type: 'string', enum: ['up', 'down', 'not configured'] } } })
  checks: { database: 'up' | 'down' | 'not configured'; redis: 'up' | 'down' | 'not configured' };
}
