-- Transactional messages first (issue #12): the dispatcher claims queued transactional messages (order and
-- shipping updates) before marketing ones, so a campaign of a million queued messages never delays an order
-- confirmation. This partial index holds only queued transactional rows: the claim's first branch reads it, in
-- not_before order, without walking past the campaign's entries in messages_dispatch_idx; inserts and claims of
-- marketing messages never touch it.
CREATE INDEX "messages_dispatch_transactional_idx" ON "messages" USING btree ("not_before") WHERE status = 'queued' AND kind = 'transactional';
