/**
 * Die Einführung der API-Referenz auf Deutsch (`info.description` mit `?lang=de`):
 * dieselben Abschnitte wie en.ts, in derselben Reihenfolge (test/core/server/docs-intro.test.ts).
 * `{server}` steht für die Adresse, unter der der Server antwortet.
 */
export const INTRO_DE = `
Die REST-API und die eingehenden Webhooks von dVersum: Legen Sie Aufgaben, Kunden, Projekte,
Zeiteinträge, Rechnungen und Angebote aus n8n, Zapier oder eigenen Skripten in dVersum an und lesen Sie
sie wieder aus. Diese Einführung gibt es auch auf Englisch: ohne \`?lang=de\` in der Adresse dieses Dokuments.

## Authentifizierung
Legen Sie unter **Einstellungen > Integrationen > Eingehende Webhooks** einen eingehenden Webhook (einen
API-Schlüssel) an, wählen Sie seine Berechtigungen und senden Sie ihn bei jedem Aufruf mit:

    Authorization: Bearer ik_live_…

Der Schlüssel wird nur einmal angezeigt. Schreibrechte schließen das Lesen nicht ein: Geben Sie einem
Schlüssel nur, was er braucht.

## Beispiel: eine Aufgabe mit curl anlegen

    curl -X POST {server}/api/v1/webhooks/incoming/tasks \\
      -H "Authorization: Bearer ik_live_…" \\
      -H "Content-Type: application/json" \\
      -H "Idempotency-Key: mail-4711" \\
      -d '{"title": "Neue Anfrage: Website-Relaunch", "description": "Hallo, wir möchten…"}'

Die Antwort ist die neue Aufgabe (201). Derselbe Aufruf mit demselben \`Idempotency-Key\` und Inhalt
innerhalb von 24 Stunden gibt dieselbe Aufgabe zurück und legt nichts an.

## Beispiel: n8n (neue E-Mail → Aufgabe in dVersum)
1. Legen Sie in dVersum einen eingehenden Webhook mit der Berechtigung *Create/edit/delete tasks*
   an und kopieren Sie den Schlüssel.
2. Beginnen Sie den Workflow in n8n mit einem E-Mail-Trigger (Gmail oder IMAP).
3. Fügen Sie einen **HTTP Request**-Knoten hinzu:
   - Method: **POST**
   - URL: \`{server}/api/v1/webhooks/incoming/tasks\` (Ihre dVersum-Adresse)
   - Header: \`Authorization\` = \`Bearer IHR_API_SCHLÜSSEL\`
   - Body: JSON, \`{"title": "{{ $json.subject }}", "description": "{{ $json.text }}"}\`
     (Betreff → Titel, Inhalt → Beschreibung)
4. Führen Sie den Workflow aus: Die Aufgabe erscheint in dVersum, und \`task.created\` geht an Ihre
   ausgehenden Webhooks.

## Fehler
Jeder Fehler ist JSON \`{"error": {"code", "message", "details"}}\` (das Schema \`Error\`): 400 fehlerhaftes
JSON oder fehlerhafte URL, 401 fehlender oder unbekannter Schlüssel, 403 fehlende Berechtigung oder Adresse
außerhalb der IP-Whitelist des Schlüssels, 404 unbekannte ID, 405 eine Methode, die der Pfad nicht hat,
409 Konflikt, 413 Inhalt über 1 MiB, 415 nicht \`application/json\`, 422 ungültige Felder (jedes in
\`details.fields\` benannt), 429 Ratenlimit (\`Retry-After\`, \`RateLimit-Limit\`, \`RateLimit-Remaining\`,
\`RateLimit-Reset\`), 503 die Datenbank kann nicht geschrieben werden (nichts wurde gespeichert). Jede
Operation führt die Status auf, mit denen sie antworten kann.

Eine Methode, die ein Pfad nicht hat (etwa \`PUT\` auf eine Liste), ist ein 405, dessen Header \`Allow\`
die Methoden nennt, die er hat. Eine fehlerhafte Prozent-Kodierung im Query-String (\`%zz\`, ein
einzelnes \`%\`) ist ein 400, der den Parameter in \`details.fields\` als \`query.<name>\` nennt; schreiben
Sie ein \`%\` als \`%25\`. Die Listen-Operationen lehnen Query-Parameter, die sie nicht kennen, mit einem
422 ab, der jeden nennt (\`query.<name>\`), damit ein falsch geschriebenes \`limit\` nicht still
übergangen wird.

## Ratenlimits
Höchstens 100 Anfragen pro Minute und Schlüssel, 10.000 API-Aufrufe pro Tag insgesamt und standardmäßig
die Hälfte davon (5.000) pro Schlüssel und Tag, damit ein Schlüssel den Tag nicht für die anderen
aufbraucht (alle drei in den Einstellungen). Nur zugelassene Aufrufe zählen für die Tageslimits: Ein
wegen fehlender Berechtigung abgelehnter Aufruf zählt nur in der Minute seines Schlüssels, einer von
außerhalb der IP-Whitelist des Schlüssels nirgends. Ein 429 nennt das erreichte Limit in seiner Meldung
und in \`details.limit\` (\`perMinute\`, \`perKeyPerDay\` oder \`perDay\`), mit \`Retry-After\`; die
Header \`RateLimit-*\` beschreiben das Fenster, das einer Ablehnung am nächsten ist (bei einem 429 das,
das abgelehnt hat).
`;
