import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Config } from './config.js';

/** Provides the parsed configuration under the `Config` class token's stand-in, `AppConfig`. */
export abstract class AppConfig {}
export interface AppConfig extends Config {}

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
