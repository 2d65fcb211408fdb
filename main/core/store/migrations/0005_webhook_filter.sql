ALTER TABLE `webhooks` ADD `filter` text;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `filtered_out` integer DEFAULT 0 NOT NULL;