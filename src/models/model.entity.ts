import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ModelStatus } from './lifecycle.js';
import type { ModelManifest } from './model-schema.js';
import type { RightsHolder } from './manifest-validation.js';

@Entity('models')
export class ModelEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('model_versions')
export class ModelVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'model_id' })
  modelId: string;

  @Column('text')
  version: string;

  @Column('int') major: number;
  @Column('int') minor: number;
  @Column('int') patch: number;
  @Column('text') prerelease: string;

  @Column('text')
  status: ModelStatus;

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason: string | null;

  @Column('timestamptz', { name: 'status_changed_at' })
  statusChangedAt: Date;

  @Column('text')
  sha256: string;

  @Column('int', { name: 'size_bytes' })
  sizeBytes: number;

  /** Loaded only when a session is created. */
  @Column('bytea', { select: false })
  onnx: Buffer;

  @Column('jsonb')
  manifest: ModelManifest;

  @Column('jsonb', { name: 'rights_holders' })
  rightsHolders: RightsHolder[];

  @Column('text', { name: 'registered_by' })
  registeredBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
