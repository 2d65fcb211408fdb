ALTER TABLE `deliveries` ADD `manual` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `failing_since` integer;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `failing_marked_at` integer;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `failing_error` text;