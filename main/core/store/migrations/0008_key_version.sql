CREATE TABLE `key_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
) STRICT;
--> statement-breakpoint
INSERT INTO `key_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `api_keys_version_on_insert` AFTER INSERT ON `api_keys`
BEGIN
	UPDATE `key_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `api_keys_version_on_update` AFTER UPDATE OF `name`, `prefix`, `last4`, `hash`, `permissions`, `ip_whitelist`, `enabled`, `revoked_at` ON `api_keys`
BEGIN
	UPDATE `key_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `api_keys_version_on_delete` AFTER DELETE ON `api_keys`
BEGIN
	UPDATE `key_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
