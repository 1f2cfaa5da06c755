// The type of a Drizzle transaction on our schema, and "a handle or a transaction" for repositories.
import type { Db } from './client.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
