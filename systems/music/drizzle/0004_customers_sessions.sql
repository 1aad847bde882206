ALTER TABLE `customers` ADD `roles` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `sessions_valid_after` integer;