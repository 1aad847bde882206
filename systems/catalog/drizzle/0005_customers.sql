CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`roles` text,
	`sessions_valid_after` integer,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
