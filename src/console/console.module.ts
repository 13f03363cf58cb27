import { Module } from '@nestjs/common';
import { ConsoleAssets } from './console-assets.js';
import { ConsoleAssetsController } from './console-assets.controller.js';
import { ConsoleController } from './console.controller.js';
import { ConsoleRepository } from './console.repository.js';
import { ConsoleService } from './console.service.js';

/** The web console for regulators, admins and licensors: its page and files, and the few reads only it needs. */
@Module({
  controllers: [ConsoleController, ConsoleAssetsController],
  providers: [ConsoleAssets, ConsoleRepository, ConsoleService],
})
export class ConsoleModule {}
