/**
 * The comparison point for the governed endpoint: a bare NestJS app on the same Fastify adapter,
 * one route that encodes the row (or a batch of rows) exactly as Warden does and runs the same model through
 * onnxruntime-node — no authentication, policy, consent, redaction, metering or audit.
 * `node dist/bench/bare-server.js <port> <model-name@version>`.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import ort from 'onnxruntime-node';
import { encodeRows, encodingWidth } from '../src/models/encoding.js';
import { ONNX_INPUT, onnxOutputName, type FeatureRow, type ModelManifest } from '../src/models/model-schema.js';
import { decodeOutputs } from '../src/models/predictions.js';

const [port, model] = [Number(process.argv[2] ?? 3100), process.argv[3] ?? 'credit-approval@1.0.0'];
const manifest = JSON.parse(readFileSync(path.join(process.cwd(), `models/${model}.json`), 'utf8')) as ModelManifest;
const width = encodingWidth(manifest.encoding);
const session = await ort.InferenceSession.create(readFileSync(path.join(process.cwd(), `models/${model}.onnx`)), {
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
});

@Controller()
class BareController {
  @Post('infer')
  @HttpCode(200)
  async infer(@Body() body: { inputs: FeatureRow | FeatureRow[] }): Promise<unknown> {
    const rows = Array.isArray(body.inputs) ? body.inputs : [body.inputs];
    const output = onnxOutputName(manifest.output);
    const result = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', encodeRows(manifest.encoding, rows), [rows.length, width]) }, [output]);
    return { outputs: decodeOutputs(manifest.output, result[output].data as Float32Array, rows.length) };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
await app.listen({ port, host: '127.0.0.1' });
process.send?.('ready');
