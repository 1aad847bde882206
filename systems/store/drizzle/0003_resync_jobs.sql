CREATE TABLE `resync_jobs` (
	`name` text PRIMARY KEY NOT NULL,
	`cursor` text,
	`origin` text,
	`wrapped` integer DEFAULT false NOT NULL,
	`requests` integer NOT NULL,
	`republished` integer DEFAULT 0 NOT NULL,
	`requested_at` integer NOT NULL,
	`last_request_at` integer NOT NULL,
	`updated_at` integer,
	`finished_at` integer,
	`last_error` text
);
