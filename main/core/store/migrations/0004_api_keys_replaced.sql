CREATE TABLE `api_keys_replaced` (
	`hash` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`replaced_at` integer NOT NULL
) STRICT;
