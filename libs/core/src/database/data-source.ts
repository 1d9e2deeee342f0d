import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/**
 * For the TypeORM CLI only (`npm run migration:generate|revert`), run on the
 * compiled output: it needs every entity of every lib, which the apps load
 * through their modules instead.
 */
export default new DataSource({
  ...dataSourceOptions(AppConfig.load(process.env)),
  entities: [join(process.cwd(), 'dist/libs/*/src/**/*.entity.js')],
});
