ALTER TABLE `outbox` ADD `packed` blob;--> statement-breakpoint
ALTER TABLE `outbox` ADD `payload_form` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing events keep only their `data` (form 1 of store/event-data.ts) where the envelope rebuilt from the
-- row's id, type and created_at is, byte for byte, the start of the stored body; any other row stays whole.
UPDATE `outbox` SET
  `payload` = substr(`payload`, length("pre") + 1, length(`payload`) - length("pre") - 1),
  `payload_form` = 1
FROM (
  SELECT `seq` AS "s",
    '{"id":"' || `id` || '","type":"' || `type` || '","timestamp":"'
      || strftime('%Y-%m-%dT%H:%M:%S', `created_at` / 1000, 'unixepoch') || '.' || printf('%03d', `created_at` % 1000)
      || 'Z","data":' AS "pre"
  FROM `outbox` WHERE `payload_form` = 0 AND `created_at` >= 0
) AS "p"
WHERE `outbox`.`seq` = "p"."s"
  AND substr(`outbox`.`payload`, 1, length("p"."pre")) = "p"."pre"
  AND substr(`outbox`.`payload`, -1) = '}'
  AND length(`outbox`.`payload`) > length("p"."pre") + 1;
--> statement-breakpoint
ALTER TABLE `delivery_attempts` ADD `signatures` blob;