ALTER TABLE `accounts` ADD `sessions_valid_after` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `deleted_at` integer;