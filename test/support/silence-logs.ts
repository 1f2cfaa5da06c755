import { logger } from '../../server/logger.js';

logger.level = process.env.LOG_LEVEL ?? 'silent';
