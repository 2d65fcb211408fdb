/**
 * The API reference's introduction in English (the document's `info.description`).
 * `{server}` stands for the address the server answers on (docs-intro/index.ts fills it
 * in per answer); de.ts is the same text in German, section for section.
 */
export const INTRO_EN = `
The dVersum REST API and incoming webhooks: push tasks, clients, projects, time entries,
invoices and quotes into dVersum from n8n, Zapier or your own scripts, and read them back.
This introduction is also in German: add \`?lang=de\` to this document's address.

## Authentication
Create an incoming webhook (an API key) in **Settings > Integrations > Incoming Webhooks**, choose
its permissions, and send it with every call:

    Authorization: Bearer ik_live_…

The key is shown once. Write permissions do not include read: give a key only what it needs.

## Example: create a task with curl

    curl -X POST {server}/api/v1/webhooks/incoming/tasks \\
      -H "Authorization: Bearer ik_live_…" \\
      -H "Content-Type: application/json" \\
      -H "Idempotency-Key: mail-4711" \\
      -d '{"title": "New enquiry: website relaunch", "description": "Hello, we would like…"}'

The answer is the new task (201). Repeating the call with the same \`Idempotency-Key\` and body
within 24 hours returns the same task and creates nothing.

## Example: n8n (new e-mail → task in dVersum)
1. Create an incoming webhook in dVersum with the permission *Create/edit/delete tasks*; copy the key.
2. In n8n, start the workflow with an e-mail trigger (Gmail or IMAP).
3. Add an **HTTP Request** node:
   - Method: **POST**
   - URL: \`{server}/api/v1/webhooks/incoming/tasks\` (your dVersum address)
   - Header: \`Authorization\` = \`Bearer YOUR_API_KEY\`
   - Body: JSON, \`{"title": "{{ $json.subject }}", "description": "{{ $json.text }}"}\`
     (Subject → Title, Content → Description)
4. Run the workflow: the task appears in dVersum, and \`task.created\` goes to your outgoing webhooks.

## Errors
Every error is JSON \`{"error": {"code", "message", "details"}}\` (the \`Error\` schema): 400 malformed JSON
or URL, 401 missing or unknown key, 403 missing permission or address outside the key's IP whitelist,
404 unknown id, 405 a method the path does not have, 409 conflict, 413 body over 1 MiB, 415 not
\`application/json\`, 422 invalid fields (each named in \`details.fields\`), 429 rate limit
(\`Retry-After\`, \`RateLimit-Limit\`, \`RateLimit-Remaining\`, \`RateLimit-Reset\`), 503 the database cannot
be written (nothing was saved). Each operation lists the statuses it can answer.

A method a path does not have (say \`PUT\` on a list) is a 405 whose \`Allow\` header lists the methods
it does have. A malformed percent-escape in the query string (\`%zz\`, a lone \`%\`) is a 400 naming the
parameter as \`query.<name>\` in \`details.fields\`; write a literal \`%\` as \`%25\`. The list operations
refuse query parameters they do not know with a 422 naming each (\`query.<name>\`), so a misspelt
\`limit\` is not silently ignored.

## Rate limits
At most 100 requests per minute per key, 10,000 API calls per day in all, and by default half of that
(5,000) per key per day, so one key cannot use up the day for the others (all three in Settings). Only
allowed calls spend the daily limits: a call refused for a missing permission counts in its key's minute
only, one from outside the key's IP whitelist nowhere. A 429 says which limit was hit in its message and
in \`details.limit\` (\`perMinute\`, \`perKeyPerDay\` or \`perDay\`), with \`Retry-After\`; the
\`RateLimit-*\` headers describe the window closest to refusing (on a 429, the one that refused).
`;
