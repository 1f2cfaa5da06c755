DROP INDEX "messages_provider_id_idx";--> statement-breakpoint
CREATE INDEX "messages_provider_id_idx" ON "messages" USING btree ("provider_message_id") WHERE provider_message_id IS NOT NULL;