import GRDB
import HuifangCore

/// The schema, as numbered, append-only migrations: a migration never edits an older one.
/// Each new migration is written twice under one name, here and in
/// `PostgresSchema.migrations` (issue 16): `PostgresMigrationTests` fails otherwise.
/// Instants are integer milliseconds since the epoch (UTC); local dates are `YYYY-MM-DD`
/// text; money (when it comes) is integer minor units.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001_customers_messages_attempts") { db in
            try db.execute(sql: """
                CREATE TABLE customers (
                    id                INTEGER PRIMARY KEY AUTOINCREMENT,
                    name              TEXT    NOT NULL,
                    gender            TEXT    NOT NULL DEFAULT 'unknown',
                    birthday          TEXT,
                    lunar_birthday    INTEGER NOT NULL DEFAULT 0,
                    phone             TEXT,
                    email             TEXT,
                    wechat_id         TEXT,
                    address           TEXT,
                    occupation        TEXT,
                    preferred_channel TEXT,
                    locale            TEXT    NOT NULL,
                    time_zone         TEXT    NOT NULL,
                    tags              TEXT    NOT NULL DEFAULT '[]',
                    notes             TEXT    NOT NULL DEFAULT '',
                    pets              TEXT    NOT NULL DEFAULT '[]',
                    created_at        INTEGER NOT NULL,
                    updated_at        INTEGER NOT NULL
                );

                CREATE TABLE messages (
                    id               TEXT    PRIMARY KEY NOT NULL,
                    dedupe_key       TEXT    NOT NULL UNIQUE,
                    kind             TEXT    NOT NULL,
                    customer_id      INTEGER NOT NULL REFERENCES customers(id),
                    channel          TEXT    NOT NULL,
                    text             TEXT    NOT NULL,
                    locale           TEXT    NOT NULL,
                    data             TEXT    NOT NULL DEFAULT '{}',
                    due_at           INTEGER NOT NULL,
                    expires_at       INTEGER,
                    status           TEXT    NOT NULL,
                    attempts         INTEGER NOT NULL DEFAULT 0,
                    lease_owner      TEXT,
                    lease_expires_at INTEGER,
                    last_error       TEXT,
                    created_at       INTEGER NOT NULL,
                    updated_at       INTEGER NOT NULL,
                    delivered_at     INTEGER
                );
                CREATE INDEX messages_status_due ON messages(status, due_at);
                CREATE INDEX messages_customer ON messages(customer_id);

                CREATE TABLE delivery_attempts (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id  TEXT    NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                    attempt     INTEGER NOT NULL,
                    started_at  INTEGER NOT NULL,
                    finished_at INTEGER NOT NULL,
                    latency_ms  INTEGER NOT NULL,
                    http_status INTEGER,
                    outcome     TEXT    NOT NULL,
                    error       TEXT,
                    endpoint    TEXT    NOT NULL
                );
                CREATE INDEX delivery_attempts_message ON delivery_attempts(message_id, attempt);
                """)
        }
        migrator.registerMigration("0002_channel_lanes_replay_fallback_pauses") { db in
            try db.execute(sql: """
                -- Per-channel claims (each endpoint has its own concurrency, rate and circuit).
                CREATE INDEX messages_channel_status_due ON messages(channel, status, due_at);
                -- Attempts made before an operator re-queued the message (retry budget base).
                ALTER TABLE messages ADD COLUMN retry_from INTEGER NOT NULL DEFAULT 0;
                -- The message a channel fallback replaces (R-DLV-4).
                ALTER TABLE messages ADD COLUMN fallback_of TEXT REFERENCES messages(id);

                CREATE TABLE endpoint_pauses (
                    channel   TEXT    PRIMARY KEY NOT NULL,
                    paused_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("0003_consent_essential_windowed") { db in
            try db.execute(sql: """
                -- R-CUS-4: channels a customer opted out of.
                CREATE TABLE customer_optouts (
                    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                    channel     TEXT    NOT NULL,
                    opted_out_at INTEGER NOT NULL,
                    PRIMARY KEY (customer_id, channel)
                ) WITHOUT ROWID;
                -- Sent despite an opt-out (an appointment reminder may be essential).
                ALTER TABLE messages ADD COLUMN essential INTEGER NOT NULL DEFAULT 0;
                -- Held to the channel's contact window at send time (R-TIME-1).
                ALTER TABLE messages ADD COLUMN windowed INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX messages_customer_status_due ON messages(customer_id, status, due_at);
                """)
        }
        migrator.registerMigration("0004_visits_tasks_contacts") { db in
            try db.execute(sql: """
                CREATE TABLE visits (
                    id           INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id  INTEGER NOT NULL REFERENCES customers(id),
                    service      TEXT    NOT NULL,
                    staff        TEXT    NOT NULL,
                    ended_at     INTEGER NOT NULL,
                    amount_minor INTEGER NOT NULL DEFAULT 0,
                    created_at   INTEGER NOT NULL
                );
                CREATE INDEX visits_customer ON visits(customer_id, ended_at);

                -- Staff tasks (R-FU): open until done, no answer or abnormal; overdue after overdue_at.
                CREATE TABLE tasks (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    dedupe_key  TEXT    NOT NULL UNIQUE,
                    kind        TEXT    NOT NULL,
                    customer_id INTEGER NOT NULL REFERENCES customers(id),
                    visit_id    INTEGER REFERENCES visits(id),
                    step        TEXT    NOT NULL,
                    assignee    TEXT    NOT NULL,
                    text        TEXT    NOT NULL,
                    urgent      INTEGER NOT NULL DEFAULT 0,
                    due_at      INTEGER NOT NULL,
                    overdue_at  INTEGER NOT NULL,
                    status      TEXT    NOT NULL DEFAULT 'open',
                    note        TEXT,
                    closed_at   INTEGER,
                    message_id  TEXT REFERENCES messages(id),
                    created_at  INTEGER NOT NULL
                );
                CREATE INDEX tasks_status_due ON tasks(status, due_at);
                CREATE INDEX tasks_assignee ON tasks(assignee, status, due_at);

                -- R-CUS-3: every contact with a customer: when, channel, who, outcome, note.
                CREATE TABLE contact_records (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id INTEGER NOT NULL REFERENCES customers(id),
                    at          INTEGER NOT NULL,
                    channel     TEXT    NOT NULL,
                    who         TEXT    NOT NULL,
                    outcome     TEXT    NOT NULL,
                    note        TEXT    NOT NULL DEFAULT '',
                    task_id     INTEGER REFERENCES tasks(id)
                );
                CREATE INDEX contact_records_customer ON contact_records(customer_id, at);
                """)
        }
        migrator.registerMigration("0005_appointments") { db in
            try db.execute(sql: """
                CREATE TABLE appointments (
                    id               INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id      INTEGER NOT NULL REFERENCES customers(id),
                    service          TEXT    NOT NULL,
                    staff            TEXT    NOT NULL,
                    start_at         INTEGER NOT NULL,
                    duration_minutes INTEGER NOT NULL,
                    place            TEXT    NOT NULL DEFAULT '',
                    status           TEXT    NOT NULL DEFAULT 'booked',
                    checked_in_at    INTEGER,
                    created_at       INTEGER NOT NULL,
                    updated_at       INTEGER NOT NULL
                );
                CREATE INDEX appointments_status_start ON appointments(status, start_at);
                CREATE INDEX appointments_customer ON appointments(customer_id, start_at);
                """)
        }
        migrator.registerMigration("0006_complaints") { db in
            try db.execute(sql: """
                CREATE TABLE complaints (
                    id           INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id  INTEGER NOT NULL REFERENCES customers(id),
                    received_at  INTEGER NOT NULL,
                    channel      TEXT    NOT NULL,
                    content      TEXT    NOT NULL,
                    severity     TEXT    NOT NULL,
                    expectation  TEXT    NOT NULL DEFAULT '',
                    owner        TEXT    NOT NULL,
                    status       TEXT    NOT NULL DEFAULT 'received',
                    level        INTEGER NOT NULL DEFAULT 0,
                    cause        TEXT,
                    service      TEXT,
                    staff        TEXT,
                    responded_at INTEGER,
                    resolved_at  INTEGER,
                    resolution   TEXT,
                    reopened_at  INTEGER,
                    updated_at   INTEGER NOT NULL
                );
                CREATE INDEX complaints_status ON complaints(status, received_at);
                CREATE INDEX complaints_customer ON complaints(customer_id, status);
                """)
        }
        migrator.registerMigration("0007_message_category") { db in
            try db.execute(sql: """
                -- R-KEEP-4: transactional, marketing (capped) or greeting.
                ALTER TABLE messages ADD COLUMN category TEXT NOT NULL DEFAULT 'transactional';
                """)
        }
        migrator.registerMigration("0008_visit_courses") { db in
            try db.execute(sql: """
                -- R-FU-7: a visit's place in a course of treatment.
                ALTER TABLE visits ADD COLUMN course TEXT;
                ALTER TABLE visits ADD COLUMN course_session INTEGER;
                ALTER TABLE visits ADD COLUMN course_total INTEGER;
                """)
        }
        migrator.registerMigration("0009_audit_log") { db in
            try db.execute(sql: """
                -- R-OPS-2: who did what, when, to which customer; refusals included.
                CREATE TABLE audit_log (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    at          INTEGER NOT NULL,
                    uid         INTEGER,
                    role        TEXT    NOT NULL,
                    command     TEXT    NOT NULL,
                    customer_id INTEGER,
                    outcome     TEXT    NOT NULL,
                    detail      TEXT    NOT NULL DEFAULT ''
                );
                CREATE INDEX audit_log_at ON audit_log(at);
                CREATE INDEX audit_log_customer ON audit_log(customer_id, at);
                """)
        }
        migrator.registerMigration("0010_health_records") { db in
            try db.execute(sql: """
                -- R-CUS-2: health data, sealed with AES-GCM; the key never enters the store.
                CREATE TABLE health_records (
                    customer_id INTEGER PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                    key_id      TEXT    NOT NULL,
                    sealed      BLOB    NOT NULL,
                    updated_at  INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("0011_erasure") { db in
            try db.execute(sql: """
                -- R-CUS-5: when a customer was erased; their personal fields are empty since.
                ALTER TABLE customers ADD COLUMN erased_at INTEGER;
                """)
        }
        migrator.registerMigration("0012_customer_phone_index") { db in
            try db.execute(sql: """
                -- R-OPS-4: an import skips rows whose phone belongs to a customer already.
                CREATE INDEX customers_phone ON customers(phone);
                """)
        }
        migrator.registerMigration("0013_purchases_points") { db in
            try db.execute(sql: """
                -- R-MEM: purchases (money in minor units), the points ledger, each customer's standing.
                CREATE TABLE purchases (
                    id           INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id  INTEGER NOT NULL REFERENCES customers(id),
                    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
                    category     TEXT,
                    points_used  INTEGER NOT NULL DEFAULT 0,
                    at           INTEGER NOT NULL
                );
                CREATE INDEX purchases_customer ON purchases(customer_id, at);
                CREATE TABLE points_ledger (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id INTEGER NOT NULL REFERENCES customers(id),
                    at          INTEGER NOT NULL,
                    kind        TEXT    NOT NULL,
                    points      INTEGER NOT NULL,
                    balance     INTEGER NOT NULL,
                    purchase_id INTEGER REFERENCES purchases(id)
                );
                CREATE INDEX points_ledger_customer ON points_ledger(customer_id, id);
                CREATE TABLE loyalty_accounts (
                    customer_id      INTEGER PRIMARY KEY NOT NULL REFERENCES customers(id),
                    spend_minor      INTEGER NOT NULL DEFAULT 0,
                    points           INTEGER NOT NULL DEFAULT 0,
                    tier             TEXT,
                    purchases        INTEGER NOT NULL DEFAULT 0,
                    last_purchase_at INTEGER
                );
                """)
        }
        migrator.registerMigration("0014_loyalty_review") { db in
            try db.execute(sql: """
                -- R-MEM-3: the last quarter a member's tier was re-evaluated.
                ALTER TABLE loyalty_accounts ADD COLUMN evaluated_period TEXT;
                """)
        }
        migrator.registerMigration("0015_house_account") { db in
            try db.execute(sql: """
                -- R-REP-4: the business itself, id 0, owns the messages addressed to it (reports).
                -- Customer lists and planners start after id 0, so it is never greeted or listed.
                INSERT OR IGNORE INTO customers (id, name, locale, time_zone, created_at, updated_at)
                VALUES (0, '(house account)', 'zh-Hans', 'UTC', 0, 0);
                """)
        }
        migrator.registerMigration("0016_arrears") { db in
            try db.execute(sql: """
                -- R-KEEP-3: unpaid balances, their reminders and suspension.
                CREATE TABLE arrears (
                    customer_id    INTEGER PRIMARY KEY NOT NULL REFERENCES customers(id),
                    owed_minor     INTEGER NOT NULL CHECK (owed_minor >= 0),
                    since          INTEGER NOT NULL,
                    reminders_sent INTEGER NOT NULL DEFAULT 0,
                    suspended      INTEGER NOT NULL DEFAULT 0
                );
                """)
        }
        migrator.registerMigration("0017_message_events") { db in
            try db.execute(sql: """
                -- R-CUS-4: whether a message goes despite an opt-out is its kind's ([consent]
                -- essential_kinds), decided at send time, not a flag set by each producer.
                ALTER TABLE messages DROP COLUMN essential;
                -- R-DLV-7: each message's story, appended in the transaction of the change it explains.
                CREATE TABLE message_events (
                    id         INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT    NOT NULL,
                    at         INTEGER NOT NULL,
                    kind       TEXT    NOT NULL,
                    detail     TEXT    NOT NULL DEFAULT '',
                    related    TEXT
                );
                CREATE INDEX message_events_message ON message_events(message_id, id);
                """)
        }
        migrator.registerMigration("0018_people") { db in
            try db.execute(sql: """
                -- R-PPL-2: a customer's own consultant; e-mail looked up without case.
                ALTER TABLE customers ADD COLUMN consultant TEXT;
                CREATE INDEX customers_email ON customers(lower(email));
                """)
            // R-PPL-2: phones kept as E.164, read as Chinese numbers when they have no country code.
            for row in try Row.fetchAll(db, sql: "SELECT id, phone FROM customers WHERE phone IS NOT NULL") {
                let phone: String = row[1]
                if let normalized = try? PhoneNumber.normalize(phone, region: "CN"), normalized != phone {
                    try db.execute(sql: "UPDATE customers SET phone = ? WHERE id = ?", arguments: [normalized, row[0] as Int64])
                }
            }
        }
        migrator.registerMigration("0019_staff") { db in
            try db.execute(sql: """
                -- R-PPL-3: staff are people with roles; a uid maps a local user to one.
                CREATE TABLE staff (
                    id         INTEGER PRIMARY KEY AUTOINCREMENT,
                    name       TEXT    NOT NULL UNIQUE,
                    roles      TEXT    NOT NULL,
                    uid        INTEGER UNIQUE,
                    phone      TEXT,
                    active     INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX tasks_open_assignee ON tasks(status, assignee);
                """)
        }
        migrator.registerMigration("0020_lunar_date") { db in
            try db.execute(sql: """
                -- R-TIME-3: a lunar birthday known without its year, as 03-08 or L04-01 (leap month).
                ALTER TABLE customers ADD COLUMN lunar_date TEXT;
                """)
        }
        migrator.registerMigration("0021_merged_into") { db in
            try db.execute(sql: """
                -- R-PPL-2: a record merged into another keeps only this pointer.
                ALTER TABLE customers ADD COLUMN merged_into INTEGER REFERENCES customers(id);
                """)
        }
        migrator.registerMigration("0022_pets") { db in
            try db.execute(sql: """
                -- R-PPL-4: pets are dependants of their owner, each with an id its visits name.
                CREATE TABLE pets (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id INTEGER NOT NULL REFERENCES customers(id),
                    name        TEXT    NOT NULL,
                    species     TEXT    NOT NULL,
                    breed       TEXT,
                    birthday    TEXT,
                    created_at  INTEGER NOT NULL,
                    updated_at  INTEGER NOT NULL
                );
                CREATE INDEX pets_customer ON pets(customer_id);
                ALTER TABLE visits ADD COLUMN pet_id INTEGER REFERENCES pets(id);
                -- The pets kept as JSON on the customer move into the table.
                INSERT INTO pets (customer_id, name, species, breed, created_at, updated_at)
                SELECT c.id, json_extract(p.value, '$.name'), json_extract(p.value, '$.species'), json_extract(p.value, '$.breed'),
                       c.created_at, c.created_at
                  FROM customers c, json_each(c.pets) p
                 WHERE c.pets <> '[]' AND json_valid(c.pets);
                UPDATE customers SET pets = '[]' WHERE pets <> '[]';
                """)
        }
        migrator.registerMigration("0023_inbound_receipts_nodes") { db in
            try db.execute(sql: """
                -- R-IN-1: the gateway's receipt (delivered to the handset or not); the first one counts.
                ALTER TABLE messages ADD COLUMN receipt_status TEXT;
                ALTER TABLE messages ADD COLUMN receipt_at INTEGER;
                ALTER TABLE messages ADD COLUMN receipt_error TEXT;
                -- R-IN-4: inbound request ids seen in the last day; a replay is refused.
                CREATE TABLE inbound_seen (
                    source  TEXT    NOT NULL,
                    id      TEXT    NOT NULL,
                    seen_at INTEGER NOT NULL,
                    PRIMARY KEY (source, id)
                ) WITHOUT ROWID;
                CREATE INDEX inbound_seen_at ON inbound_seen(seen_at);
                -- R-IN-5: each running daemon's heartbeat (readiness; nodes on one store later).
                CREATE TABLE nodes (
                    id           TEXT    PRIMARY KEY,
                    pid          INTEGER NOT NULL,
                    started_at   INTEGER NOT NULL,
                    heartbeat_at INTEGER NOT NULL
                );
                -- Who acted, by name, when it is not a local user: a member of staff or a gateway.
                ALTER TABLE audit_log ADD COLUMN actor TEXT;
                """)
        }
        migrator.registerMigration("0024_console_accounts") { db in
            try db.execute(sql: """
                -- R-PPL-5: staff log in to the console with a password (bcrypt), locked out after failures.
                ALTER TABLE staff ADD COLUMN password_hash TEXT;
                ALTER TABLE staff ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE staff ADD COLUMN locked_until INTEGER;
                -- Signed-in browsers: the SHA-256 of the cookie's token, never the token.
                CREATE TABLE console_sessions (
                    token_hash   TEXT    PRIMARY KEY,
                    staff_name   TEXT    NOT NULL REFERENCES staff(name),
                    csrf_token   TEXT    NOT NULL,
                    created_at   INTEGER NOT NULL,
                    last_seen_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX console_sessions_staff ON console_sessions(staff_name);
                """)
        }
        migrator.registerMigration("0025_campaigns") { db in
            try db.execute(sql: """
                -- R-BIZ-3: campaigns and events; their messages carry the key campaign:ID:CUSTOMER.
                CREATE TABLE campaigns (
                    id         INTEGER PRIMARY KEY AUTOINCREMENT,
                    name       TEXT    NOT NULL,
                    audience   TEXT    NOT NULL,
                    channel    TEXT    NOT NULL,
                    text       TEXT    NOT NULL,
                    at         INTEGER NOT NULL,
                    rsvp       INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE campaign_rsvps (
                    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
                    customer_id INTEGER NOT NULL REFERENCES customers(id),
                    answer      TEXT    NOT NULL CHECK (answer IN ('yes', 'no')),
                    at          INTEGER NOT NULL,
                    PRIMARY KEY (campaign_id, customer_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("0026_endpoint_pause_reason") { db in
            try db.execute(sql: """
                -- R-DLV-6: why an endpoint is paused (an operator, or "gone: HTTP 410").
                ALTER TABLE endpoint_pauses ADD COLUMN reason TEXT;
                """)
        }
        migrator.registerMigration("0027_incremental_planning") { db in
            try db.execute(sql: """
                -- Incremental greeting planning: when (unix ms) the customer's next greeting
                -- (or birthday-gift task) comes within the planner's lookahead. 0: to be
                -- worked out again (new, or something it depends on changed); 9e15: none.
                -- The planner reads only the customers whose time has come (an index range).
                ALTER TABLE customers ADD COLUMN next_greeting_at INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX customers_next_greeting ON customers(next_greeting_at);
                -- Incremental retention upkeep the same way: when (unix ms) the customer may
                -- next be due a care call or a win-back. 0: to be worked out; 9e15: never
                -- (no visit, or the win-back is planned) until the next visit.
                ALTER TABLE customers ADD COLUMN next_retention_at INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX customers_next_retention ON customers(next_retention_at);
                -- Facts a planner keeps between runs (the settings it last planned with).
                CREATE TABLE planner_state (
                    name  TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                -- Whatever changes what a customer is greeted for sends them back to be worked
                -- out: an edit of what greetings depend on, pets, consent, tier, a visit (the
                -- first visit's anniversary) and a purchase (the membership's); visits,
                -- purchases and tier do the same for retention.
                CREATE TRIGGER customers_occasion_changed
                    AFTER UPDATE OF name, gender, birthday, lunar_birthday, lunar_date, phone, email, wechat_id,
                                    preferred_channel, locale, time_zone, tags, created_at, erased_at ON customers
                    BEGIN UPDATE customers SET next_greeting_at = 0 WHERE id = NEW.id; END;
                CREATE TRIGGER pets_occasion_added AFTER INSERT ON pets
                    BEGIN UPDATE customers SET next_greeting_at = 0 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER pets_occasion_changed AFTER UPDATE ON pets
                    BEGIN UPDATE customers SET next_greeting_at = 0 WHERE id IN (OLD.customer_id, NEW.customer_id); END;
                CREATE TRIGGER optouts_occasion_added AFTER INSERT ON customer_optouts
                    BEGIN UPDATE customers SET next_greeting_at = 0 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER optouts_occasion_removed AFTER DELETE ON customer_optouts
                    BEGIN UPDATE customers SET next_greeting_at = 0 WHERE id = OLD.customer_id; END;
                CREATE TRIGGER tier_occasion_added AFTER INSERT ON loyalty_accounts WHEN NEW.tier IS NOT NULL
                    BEGIN UPDATE customers SET next_greeting_at = 0, next_retention_at = 0 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER tier_occasion_changed AFTER UPDATE OF tier ON loyalty_accounts WHEN OLD.tier IS NOT NEW.tier
                    BEGIN UPDATE customers SET next_greeting_at = 0, next_retention_at = 0 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER visits_occasion_added AFTER INSERT ON visits
                    BEGIN UPDATE customers SET next_greeting_at = 0, next_retention_at = 0 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER purchases_occasion_added AFTER INSERT ON purchases
                    BEGIN UPDATE customers SET next_greeting_at = 0, next_retention_at = 0 WHERE id = NEW.customer_id; END;
                """)
        }
        migrator.registerMigration("0028_phone_ending_index") { db in
            try db.execute(sql: """
                -- customer find by a phone's ending: the last four digits, indexed, narrow a
                -- million customers to about a hundred before the LIKE.
                CREATE INDEX customers_phone_ending ON customers(substr(phone, -4));
                """)
        }
        migrator.registerMigration("0029_claimable_index") { db in
            try db.execute(sql: """
                -- The claim (claimDue): the due messages of a channel in due order, from an
                -- index that holds only what may be claimed, so LIMIT stops the scan however
                -- many are waiting (the (channel, status, due_at) index needed a sort of every
                -- due row across the two statuses).
                CREATE INDEX messages_claimable ON messages(channel, due_at) WHERE status IN ('pending', 'failed');
                """)
        }
        migrator.registerMigration("0030_branches") { db in
            try db.execute(sql: Migrations.branchesSQL)
        }
        migrator.registerMigration("0031_loyalty_review_marks") { db in
            try db.execute(sql: """
                -- The membership review, incrementally (like the greeting and retention
                -- marks): each account keeps when it next needs a look (its points' warning
                -- or expiry, the next review period), behind an index; a change of points,
                -- tier or last purchase makes it due: -1, -2, … — a new value each time, so a
                -- review that read the account before the change cannot move its mark on.
                ALTER TABLE loyalty_accounts ADD COLUMN next_review_at INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX loyalty_accounts_next_review ON loyalty_accounts(next_review_at);
                CREATE TRIGGER loyalty_review_changed AFTER UPDATE OF points, tier, last_purchase_at ON loyalty_accounts
                    WHEN OLD.points IS NOT NEW.points OR OLD.tier IS NOT NEW.tier OR OLD.last_purchase_at IS NOT NEW.last_purchase_at
                    BEGIN UPDATE loyalty_accounts SET next_review_at = min(next_review_at, 0) - 1 WHERE customer_id = NEW.customer_id; END;
                """)
        }
        migrator.registerMigration("0032_planning_marks_distinct") { db in
            try db.execute(sql: """
                -- A change sent a customer back to be worked out by setting their mark to 0,
                -- the value a mark has before anything was planned: a planner that read 0, then
                -- saw an edit land during its run, moved the mark on as if nothing had changed
                -- (the edit was planned only at the customer's next occasion). Now each change
                -- gives a value no read had: -1, -2, …
                DROP TRIGGER customers_occasion_changed;
                DROP TRIGGER pets_occasion_added;
                DROP TRIGGER pets_occasion_changed;
                DROP TRIGGER optouts_occasion_added;
                DROP TRIGGER optouts_occasion_removed;
                DROP TRIGGER tier_occasion_added;
                DROP TRIGGER tier_occasion_changed;
                DROP TRIGGER visits_occasion_added;
                DROP TRIGGER purchases_occasion_added;
                CREATE TRIGGER customers_occasion_changed
                    AFTER UPDATE OF name, gender, birthday, lunar_birthday, lunar_date, phone, email, wechat_id,
                                    preferred_channel, locale, time_zone, tags, created_at, erased_at ON customers
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1 WHERE id = NEW.id; END;
                CREATE TRIGGER pets_occasion_added AFTER INSERT ON pets
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER pets_occasion_changed AFTER UPDATE ON pets
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1
                          WHERE id IN (OLD.customer_id, NEW.customer_id); END;
                CREATE TRIGGER optouts_occasion_added AFTER INSERT ON customer_optouts
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER optouts_occasion_removed AFTER DELETE ON customer_optouts
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1 WHERE id = OLD.customer_id; END;
                CREATE TRIGGER tier_occasion_added AFTER INSERT ON loyalty_accounts WHEN NEW.tier IS NOT NULL
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1,
                          next_retention_at = min(next_retention_at, 0) - 1 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER tier_occasion_changed AFTER UPDATE OF tier ON loyalty_accounts WHEN OLD.tier IS NOT NEW.tier
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1,
                          next_retention_at = min(next_retention_at, 0) - 1 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER visits_occasion_added AFTER INSERT ON visits
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1,
                          next_retention_at = min(next_retention_at, 0) - 1 WHERE id = NEW.customer_id; END;
                CREATE TRIGGER purchases_occasion_added AFTER INSERT ON purchases
                    BEGIN UPDATE customers SET next_greeting_at = min(next_greeting_at, 0) - 1,
                          next_retention_at = min(next_retention_at, 0) - 1 WHERE id = NEW.customer_id; END;
                """)
        }
        migrator.registerMigration("0033_message_indexes_fewer") { db in
            try db.execute(sql: messageIndexesSQL)
        }
        migrator.registerMigration("0034_marketing_deliveries_index") { db in
            try db.execute(sql: marketingDeliveriesIndexSQL)
        }
        migrator.registerMigration("0035_campaign_branch") { db in
            try db.execute(sql: campaignBranchSQL)
        }
        return migrator
    }

    /// Issue 17: a delivery moves its message `pending` → `sending` → `delivered`, and every
    /// index holding `status` moves its entry twice. Three did (status first, channel first,
    /// customer first) besides the claim's own; now one holds status (channel second, so
    /// counts by channel and status still read only the index), and the customer's index
    /// leaves status out (a customer's messages are few; filtering them costs little). A
    /// delivery writes 5 index entries instead of 13. The same statements on both drivers.
    static let messageIndexesSQL = """
        DROP INDEX messages_status_due;
        DROP INDEX messages_channel_status_due;
        DROP INDEX messages_customer;
        DROP INDEX messages_customer_status_due;
        CREATE INDEX messages_status_channel_due ON messages(status, channel, due_at);
        CREATE INDEX messages_customer_due ON messages(customer_id, due_at);
        """

    /// Issue 17: the marketing cap counts a customer's marketing messages delivered within
    /// the window, read for every customer a claim brings. Through the customer's index that
    /// read went through all their messages: a customer sent thousands (the report channel's,
    /// a test customer's) cost milliseconds a claim. Only delivered marketing messages are
    /// in this index, so the delivery of any other message writes nothing to it. The same
    /// statement on both drivers.
    static let marketingDeliveriesIndexSQL = """
        CREATE INDEX messages_marketing_delivered ON messages(customer_id, delivered_at)
            WHERE status = 'delivered' AND category = 'marketing';
        """

    /// Issue 16: a chain's branches. Customers have a home branch; visits, appointments,
    /// staff and tasks carry the branch they belong to (NULL: no `[[branches]]`, or the chain
    /// as a whole). The same statements on both drivers.
    static let branchesSQL = """
        ALTER TABLE customers ADD COLUMN branch TEXT;
        ALTER TABLE visits ADD COLUMN branch TEXT;
        ALTER TABLE appointments ADD COLUMN branch TEXT;
        ALTER TABLE staff ADD COLUMN branch TEXT;
        ALTER TABLE tasks ADD COLUMN branch TEXT;
        CREATE INDEX customers_branch ON customers(branch) WHERE branch IS NOT NULL;
        """

    /// A campaign of one branch goes to that branch's customers, and a role limited to a
    /// branch sees its own branch's campaigns and the chain's (NULL: the whole chain, as
    /// every campaign before branches). The same statement on both drivers.
    static let campaignBranchSQL = """
        ALTER TABLE campaigns ADD COLUMN branch TEXT;
        """

    /// The identifiers of all migrations this build knows, oldest first.
    static var known: [String] { migrator.migrations }
}
