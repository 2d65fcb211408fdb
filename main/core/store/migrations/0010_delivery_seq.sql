-- Issue 22, session 5: an attempt refers to its delivery by the delivery's rowid, named `seq`
-- (a few bytes where the 30-character id took 30, in the row and in its index), and retention walks
-- old deliveries by id (ids sort by creation time), so `deliveries_created_idx` goes.
-- drizzle's migrator runs this inside its transaction with foreign keys on (PRAGMA foreign_keys is
-- a no-op there), so the order matters: every row keeps its rowid as `seq`; the attempts are copied
-- into a table whose foreign key names `__new_deliveries`, which RENAME then rewrites to `deliveries`;
-- the old tables are dropped child first, when nothing refers to them any more (no cascade runs).
CREATE TABLE `__new_deliveries` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`status` text NOT NULL,
	`attempt` integer NOT NULL,
	`response_code` integer,
	`duration_ms` integer,
	`next_attempt_at` integer,
	`last_error` text,
	`manual` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE cascade
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_deliveries`("seq", "id", "webhook_id", "event_id", "event_type", "status", "attempt", "response_code", "duration_ms", "next_attempt_at", "last_error", "manual", "created_at", "updated_at")
SELECT rowid, "id", "webhook_id", "event_id", "event_type", "status", "attempt", "response_code", "duration_ms", "next_attempt_at", "last_error", "manual", "created_at", "updated_at"
FROM `deliveries` ORDER BY rowid;--> statement-breakpoint
CREATE TABLE `__new_delivery_attempts` (
	`seq` integer PRIMARY KEY NOT NULL,
	`delivery_seq` integer NOT NULL,
	`attempt` integer NOT NULL,
	`started_at` integer NOT NULL,
	`request_headers` text NOT NULL,
	`standard_headers` integer DEFAULT 0 NOT NULL,
	`signatures` blob,
	`response_code` integer,
	`response_body` text,
	`duration_ms` integer NOT NULL,
	`error` text,
	`outcome` text NOT NULL,
	FOREIGN KEY (`delivery_seq`) REFERENCES `__new_deliveries`(`seq`) ON UPDATE no action ON DELETE cascade
) STRICT;
--> statement-breakpoint
-- The old foreign key (delivery_id → deliveries.id, cascade) allows no attempt without its delivery.
INSERT INTO `__new_delivery_attempts`("seq", "delivery_seq", "attempt", "started_at", "request_headers", "standard_headers", "signatures", "response_code", "response_body", "duration_ms", "error", "outcome")
SELECT a."seq", d.rowid, a."attempt", a."started_at", a."request_headers", a."standard_headers", a."signatures", a."response_code", a."response_body", a."duration_ms", a."error", a."outcome"
FROM `delivery_attempts` a JOIN `deliveries` d ON d."id" = a."delivery_id"
ORDER BY a."seq";--> statement-breakpoint
DROP TABLE `delivery_attempts`;--> statement-breakpoint
DROP TABLE `deliveries`;--> statement-breakpoint
ALTER TABLE `__new_deliveries` RENAME TO `deliveries`;--> statement-breakpoint
ALTER TABLE `__new_delivery_attempts` RENAME TO `delivery_attempts`;--> statement-breakpoint
CREATE INDEX `delivery_attempts_delivery_idx` ON `delivery_attempts` (`delivery_seq`,`attempt`);--> statement-breakpoint
CREATE INDEX `delivery_attempts_started_idx` ON `delivery_attempts` (`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_id_idx` ON `deliveries` (`id`);--> statement-breakpoint
CREATE INDEX `deliveries_webhook_idx` ON `deliveries` (`webhook_id`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_event_type_idx` ON `deliveries` (`event_type`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_status_idx` ON `deliveries` (`status`,`id`) WHERE "deliveries"."status" <> 'success';--> statement-breakpoint
CREATE INDEX `deliveries_webhook_status_idx` ON `deliveries` (`webhook_id`,`status`,`id`) WHERE "deliveries"."status" <> 'success';--> statement-breakpoint
CREATE INDEX `deliveries_event_idx` ON `deliveries` (`event_id`);--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`next_attempt_at`) WHERE "deliveries"."next_attempt_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `deliveries_webhook_due_idx` ON `deliveries` (`webhook_id`,`next_attempt_at`,`id`) WHERE "deliveries"."next_attempt_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `deliveries_webhook_waiting_idx` ON `deliveries` (`webhook_id`,`id`) WHERE "deliveries"."next_attempt_at" IS NOT NULL;
