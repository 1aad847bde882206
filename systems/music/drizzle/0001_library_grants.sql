CREATE TABLE `library_grants` (
	`customer_id` text NOT NULL,
	`album_id` text NOT NULL,
	`order_id` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `album_id`),
	FOREIGN KEY (`album_id`) REFERENCES `albums`(`id`) ON UPDATE no action ON DELETE no action
);
