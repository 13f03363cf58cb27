import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RedisConnections } from './redis.js';
import { WindowCounters } from './window-counters.js';

@Global()
@Module({})
export class RedisModule {
  static forRoot(): DynamicModule {
    return { module: RedisModule, providers: [RedisConnections, WindowCounters], exports: [RedisConnections, WindowCounters] };
  }
}
