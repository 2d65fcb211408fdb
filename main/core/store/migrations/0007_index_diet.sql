DROP INDEX `deliveries_webhook_event_type_idx`;--> statement-breakpoint
DROP INDEX `deliveries_webhook_created_idx`;--> statement-breakpoint
DROP INDEX `deliveries_due_idx`;--> statement-breakpoint
DROP INDEX `deliveries_status_idx`;--> statement-breakpoint
DROP INDEX `deliveries_webhook_due_idx`;--> statement-breakpoint
DROP INDEX `deliveries_webhook_status_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`next_attempt_at`) WHERE "deliveries"."next_attempt_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `deliveries_status_idx` ON `deliveries` (`status`,`id`) WHERE "deliveries"."status" <> 'success';--> statement-breakpoint
CREATE INDEX `deliveries_webhook_due_idx` ON `deliveries` (`webhook_id`,`next_attempt_at`,`id`) WHERE "deliveries"."next_attempt_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `deliveries_webhook_status_idx` ON `deliveries` (`webhook_id`,`status`,`id`) WHERE "deliveries"."status" <> 'success';--> statement-breakpoint
DROP INDEX `outbox_pending_idx`;--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`fanned_out_at`,`seq`) WHERE "outbox"."fanned_out_at" IS NULL;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_delivery_attempts` (
	`seq` integer PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`started_at` integer NOT NULL,
	`request_headers` text NOT NULL,
	`standard_headers` integer DEFAULT 0 NOT NULL,
	`response_code` integer,
	`response_body` text,
	`duration_ms` integer NOT NULL,
	`error` text,
	`outcome` text NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_delivery_attempts`("delivery_id", "attempt", "started_at", "request_headers", "standard_headers", "response_code", "response_body", "duration_ms", "error", "outcome")
SELECT "delivery_id", "attempt", "started_at",
       CASE WHEN "std" = 1 THEN json_remove("request_headers", '$."content-type"', '$."user-agent"', '$."webhook-id"', '$."webhook-timestamp"') ELSE "request_headers" END,
       "std", "response_code", "response_body", "duration_ms", "error", "outcome"
FROM (
  -- Set 1 of store/attempt-headers.ts: the four headers every signed send starts with, in this order.
  SELECT a.*, coalesce(json_valid(a."request_headers")
    AND (SELECT group_concat("key", ',') FROM (SELECT "key" FROM json_each(a."request_headers") LIMIT 4))
        = 'content-type,user-agent,webhook-id,webhook-timestamp'
    AND json_extract(a."request_headers", '$."content-type"') = 'application/json'
    AND json_extract(a."request_headers", '$."user-agent"') = 'dVersum-Webhooks/1.0 (+https://dversum.com)'
    AND json_extract(a."request_headers", '$."webhook-id"') = d."event_id"
    AND json_extract(a."request_headers", '$."webhook-timestamp"') = CAST(a."started_at" / 1000 AS TEXT), 0) AS "std"
  FROM `delivery_attempts` a LEFT JOIN `deliveries` d ON d."id" = a."delivery_id"
)
ORDER BY "id";--> statement-breakpoint
DROP TABLE `delivery_attempts`;--> statement-breakpoint
ALTER TABLE `__new_delivery_attempts` RENAME TO `delivery_attempts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `delivery_attempts_delivery_idx` ON `delivery_attempts` (`delivery_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `delivery_attempts_started_idx` ON `delivery_attempts` (`started_at`);