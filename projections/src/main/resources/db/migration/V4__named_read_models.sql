-- One projection per read model (ai.horde.projections.ReadModel), each with its own topics, tables and
-- stored offsets: accounts (users, account_balances), journal (kudos_postings), workers, teams and
-- text-stats (text_jobs, user_records). Each is a deterministic fold of retained topics, so that
-- `./horde rebuild <read-model>` gives the same rows as the live projector.
--
-- The rows of the old single projection 'users-balances-workers' are dropped with its offsets, and every
-- read model refolds from the beginning of its topics, rather than copying the old offsets to the new names:
-- the old fold ignored UserChanged and UserWiped and the balance details, and its journal rows have no
-- partition and offset to fill the new ordering columns with, so the rows under the old offsets are not
-- what the new folds give. Nothing is lost: user events and the journal are retained forever, balances and
-- workers are compacted (the latest record of every key is kept).
DELETE FROM projection_offsets WHERE projection = 'users-balances-workers';
TRUNCATE users, account_balances, kudos_postings, workers;

-- Every UserAccount field but the key and passkey hashes.
ALTER TABLE users
  ADD COLUMN flagged          boolean          NOT NULL DEFAULT false,
  ADD COLUMN customizer       boolean          NOT NULL DEFAULT false,
  ADD COLUMN vpn              boolean          NOT NULL DEFAULT false,
  ADD COLUMN service          boolean          NOT NULL DEFAULT false,
  ADD COLUMN special          boolean          NOT NULL DEFAULT false,
  ADD COLUMN education        boolean          NOT NULL DEFAULT false,
  ADD COLUMN deleted          boolean          NOT NULL DEFAULT false,
  ADD COLUMN public_workers   boolean          NOT NULL DEFAULT false,
  ADD COLUMN worker_invited   int              NOT NULL DEFAULT 0,
  ADD COLUMN usage_multiplier double precision NOT NULL DEFAULT 1,
  ADD COLUMN contact          text,
  ADD COLUMN admin_comment    text;

-- The seed of V1 again (the anonymous user is never registered); ReadModelStore.seedAnonymous writes the same.
INSERT INTO users (id, username, oauth_id, created_at, concurrency, updated_at)
VALUES (0, 'Anonymous', 'anon', timestamptz '1970-01-01 00:00:00+00', 500, timestamptz '1970-01-01 00:00:00+00');

-- kudos_details buckets (accumulated, gifted, received, admin, awarded, ...) in kudos: {"accumulated": 12.5}.
ALTER TABLE account_balances ADD COLUMN details jsonb NOT NULL DEFAULT '{}';

-- seq numbered the rows in the order they were folded, which a rebuild does not reproduce (partitions
-- interleave differently). The record's place in the journal does: all postings of one account are in one
-- partition, so for one account newest first is ORDER BY journal_offset DESC.
ALTER TABLE kudos_postings
  DROP COLUMN seq,
  ADD COLUMN journal_partition int    NOT NULL,
  ADD COLUMN journal_offset    bigint NOT NULL;
CREATE INDEX kudos_postings_account_offset ON kudos_postings (account, journal_offset DESC);

ALTER TABLE workers ADD COLUMN team_id uuid;
CREATE INDEX workers_team_id ON workers (team_id);

CREATE TABLE teams (
  id         uuid        PRIMARY KEY,
  name       text        NOT NULL,
  info       text,
  owner_id   bigint      NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX teams_lower_name ON teams (lower(name));

-- One row per job that ended (DELIVERED, FAULTED or TIMED_OUT), for statistics. No prompt, no text.
CREATE TABLE text_jobs (
  job_id             uuid        PRIMARY KEY,
  request_id         text        NOT NULL,
  kind               text        NOT NULL,
  -- ok, censored or csam when DELIVERED; null otherwise
  state              text,
  model              text        NOT NULL,
  max_length         int         NOT NULL,
  max_context_length int         NOT NULL,
  prompt_chars       int         NOT NULL,
  tokens             int         NOT NULL,
  worker_id          uuid        NOT NULL,
  worker_owner_id    bigint      NOT NULL,
  requester_user_id  bigint      NOT NULL,
  client_agent       text        NOT NULL,
  bridge_agent       text        NOT NULL,
  occurred_at        timestamptz NOT NULL
);
CREATE INDEX text_jobs_occurred_at ON text_jobs (occurred_at);
CREATE INDEX text_jobs_model_occurred_at ON text_jobs (model, occurred_at);

-- A user's text records (spec §1.5 records; quirks Q23, Q29). Counters, so not idempotent: they are only
-- right because the projector commits its offsets in the same transaction as them.
CREATE TABLE user_records (
  user_id             bigint PRIMARY KEY,
  contribution_tokens bigint NOT NULL DEFAULT 0,
  fulfillment_text    bigint NOT NULL DEFAULT 0,
  usage_tokens        bigint NOT NULL DEFAULT 0,
  request_text        bigint NOT NULL DEFAULT 0
);

-- How far behind each projection is: records not yet folded, summed over its partitions, as checked at
-- checked_at. Written by the projector every few seconds, outside the fold transactions.
CREATE TABLE projection_status (
  projection text        PRIMARY KEY,
  lag        bigint      NOT NULL,
  checked_at timestamptz NOT NULL
);
