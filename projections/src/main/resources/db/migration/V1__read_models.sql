-- Read models folded from the topics by ai.horde.projections.Projector. They serve public list and
-- statistics reads, so they never hold API key hashes (nor worker IPs).

CREATE TABLE users (
  id          bigint      PRIMARY KEY,
  username    text        NOT NULL,
  oauth_id    text        NOT NULL,
  created_at  timestamptz NOT NULL,
  moderator   boolean     NOT NULL DEFAULT false,
  trusted     boolean     NOT NULL DEFAULT false,
  concurrency int         NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- The built-in anonymous user is never registered, so no event creates it.
INSERT INTO users (id, username, oauth_id, created_at, concurrency, updated_at)
VALUES (0, 'Anonymous', 'anon', timestamptz '1970-01-01 00:00:00+00', 500, timestamptz '1970-01-01 00:00:00+00');

-- Balances have their own table rather than a column on users: they come from another topic than the
-- users, with no order between the two, so a balance can be projected before its user's row exists (an
-- UPDATE of users would then be lost). Keyed by ledger account, it also holds system:mint and system:burn.
-- A user's kudos: users LEFT JOIN account_balances ON account = 'user:' || users.id.
CREATE TABLE account_balances (
  account    text          PRIMARY KEY,
  balance    numeric(20,2) NOT NULL,
  updated_at timestamptz   NOT NULL
);

CREATE TABLE workers (
  id                 uuid             PRIMARY KEY,
  name               text             NOT NULL,
  kind               text             NOT NULL,
  owner_id           bigint           NOT NULL,
  created_at         timestamptz      NOT NULL,
  last_check_in_at   timestamptz      NOT NULL,
  models             text[]           NOT NULL,
  max_length         int              NOT NULL,
  max_context_length int              NOT NULL,
  threads            int              NOT NULL,
  nsfw               boolean          NOT NULL,
  bridge_agent       text             NOT NULL,
  maintenance        boolean          NOT NULL,
  maintenance_msg    text,
  paused             boolean          NOT NULL,
  info               text,
  requests_fulfilled bigint           NOT NULL,
  uncompleted_jobs   bigint           NOT NULL,
  kudos_generated    numeric(20,2)    NOT NULL,
  uptime_seconds     bigint           NOT NULL,
  speed              double precision NOT NULL,
  updated_at         timestamptz      NOT NULL
);
CREATE INDEX workers_lower_name ON workers (lower(name));
CREATE INDEX workers_owner_id ON workers (owner_id);

-- Where each projection has got to in each partition: written in the same transaction as the rows.
CREATE TABLE projection_offsets (
  projection  text   NOT NULL,
  topic       text   NOT NULL,
  partition   int    NOT NULL,
  next_offset bigint NOT NULL,
  PRIMARY KEY (projection, topic, partition)
);
