import pg from "pg";

// Data for the streams bench, made in SQL: `people` profiles with normalized, hashed email and
// phone (as ingest stores them), then `events` engagement events in ONE statement, so they share
// one transaction id and the fan-out moves them in one go. Each message gets the four events
// Customer.io reports in order (email_sent, email_delivered, email_opened, email_clicked) for one
// person, with campaign context under Customer.io's names and no sent_at, so rendering joins the
// message's sent event for three of every four events, as it would for real reporting webhooks.

export async function setupPeople(url: string, people: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO profiles (id, external_id, email, email_sha256, phone, phone_sha256, phone_valid)
       SELECT i, 'crm-' || i, e, encode(sha256(convert_to(e, 'UTF8')), 'hex'), ph, encode(sha256(convert_to(ph, 'UTF8')), 'hex'), true
       FROM generate_series(1, $1::int) i, LATERAL (SELECT 'shopper' || i || '@example.com' AS e, '+1415' || lpad(i::text, 7, '0') AS ph) v`,
      [people],
    );
    await c.query(`SELECT setval(pg_get_serial_sequence('profiles', 'id'), $1::bigint)`, [people]);
    await c.query("VACUUM ANALYZE profiles");
  } finally {
    await c.end();
  }
}

export async function storeEngagementEvents(url: string, events: number, people: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO events (profile_id, type, name, properties, message_id, occurred_at, received_at)
       SELECT 1 + (m % $2::int), 'engagement', 'email_' || (ARRAY['sent', 'delivered', 'opened', 'clicked'])[1 + i % 4],
              jsonb_build_object('campaign_id', 1 + m % 40, 'delivery_id', 'dlv_' || m, 'journey_id', 'wf_' || (1 + m % 12),
                'action_id', 1 + m % 90, 'variation', 'v' || (m % 2), 'recipient', 'shopper' || (1 + m % $2::int) || '@example.com')
                || CASE WHEN i % 4 = 3 THEN jsonb_build_object('href', 'https://shop.example.com/p/' || (m % 500)) ELSE '{}' END,
              'bench-' || i, now() - make_interval(secs => ($1::int - i) / 1000.0), now()
         FROM generate_series(0, $1::int - 1) i, LATERAL (SELECT i / 4 AS m) v`,
      [events, people],
    );
    await c.query("ANALYZE events");
  } finally {
    await c.end();
  }
}
