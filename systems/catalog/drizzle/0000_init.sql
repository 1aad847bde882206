CREATE TABLE `dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text,
	`type` text,
	`exchange` text NOT NULL,
	`routing_key` text NOT NULL,
	`user_id` text,
	`reason` text NOT NULL,
	`body` text NOT NULL,
	`dead_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `inbox` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`source` text NOT NULL,
	`applied_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_event_id_unique` ON `outbox` (`event_id`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`published_at`,`seq`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`sku` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`price_cents` integer NOT NULL,
	`currency` text DEFAULT 'EUR' NOT NULL,
	`category` text NOT NULL,
	`stock` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_live` ON `products` (`sku`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `products_listing` ON `products` (`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_category` ON `products` (`category`,`deleted_at`);--> statement-breakpoint
CREATE TABLE `replication_status` (
	`source` text PRIMARY KEY NOT NULL,
	`last_event_id` text NOT NULL,
	`last_event_type` text NOT NULL,
	`last_event_time` integer NOT NULL,
	`applied_at` integer NOT NULL
);
