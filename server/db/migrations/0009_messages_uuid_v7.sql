-- UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, version 7, variant 10. Message ids
-- made now sort after those made earlier, so inserts append to the primary key index. PostgreSQL 18 has
-- uuidv7(); this SQL version works on 14+ and on the embedded PGlite.
CREATE OR REPLACE FUNCTION uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "id" SET DEFAULT uuid_v7();
