CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`roles` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);--> statement-breakpoint
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
CREATE TABLE `offers` (
	`source` text NOT NULL,
	`item_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`artist` text,
	`sku` text,
	`track_count` integer,
	`price_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`category` text NOT NULL,
	`image` text NOT NULL,
	`stock` integer,
	`available` integer NOT NULL,
	`removed` integer DEFAULT false NOT NULL,
	`version` integer NOT NULL,
	`changed_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`source`, `item_id`)
);
--> statement-breakpoint
CREATE INDEX `offers_listing` ON `offers` (`removed`,`updated_at`);--> statement-breakpoint
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
CREATE TABLE `replication_status` (
	`source` text PRIMARY KEY NOT NULL,
	`last_event_id` text NOT NULL,
	`last_event_type` text NOT NULL,
	`last_event_time` integer NOT NULL,
	`applied_at` integer NOT NULL
);
