-- When the app last proved it is installed on the shop (a token exchange or OAuth grant stored a new offline
-- token). An app/uninstalled or shop/redact triggered before GREATEST(installed_at, last_install_at) belongs
-- to an earlier installation and is ignored. NULL: no grant recorded since installed_at.
ALTER TABLE "shops" ADD COLUMN "last_install_at" timestamp with time zone;
