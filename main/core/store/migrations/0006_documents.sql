CREATE TABLE `documents` (
	`object_id` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`pdf` blob NOT NULL,
	`created_at` integer NOT NULL
) STRICT;
