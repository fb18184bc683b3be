-- The kudos journal (horde.kudos-postings), folded by ai.horde.projections.Projector for the audit read
-- GET /api/v2/kudos/postings. Rows are only ever inserted: the journal is append-only, and a posting_id
-- already present (a poll folded again after a crash between the rows and the offsets) changes nothing.
--
-- seq orders the rows in the order they were folded. The projector is one thread, and all postings of one
-- account are in one partition of the journal (a user's by key, a system account's because it is kept per
-- ledger partition), so for each account seq follows the order the ledger applied its postings in: newest
-- first is ORDER BY seq DESC. Across accounts seq has no meaning. Gaps (from skipped duplicates) are fine.
CREATE TABLE kudos_postings (
  seq            bigint        GENERATED ALWAYS AS IDENTITY,
  posting_id     text          PRIMARY KEY,
  transaction_id text          NOT NULL,
  account        text          NOT NULL,
  amount         numeric(20,2) NOT NULL,
  kind           text          NOT NULL,
  occurred_at    timestamptz   NOT NULL,
  -- Null for postings journalled before the ledger recorded it.
  balance_after  numeric(20,2)
);
CREATE INDEX kudos_postings_account_seq ON kudos_postings (account, seq DESC);

-- The ledger's account state now carries the floor and the active holds (AccountBalance v2). The balance
-- rows already there get them from the next balance record of their account: until then floor is null and
-- held 0, as for an account without holds.
ALTER TABLE account_balances
  ADD COLUMN floor numeric(20,2),
  ADD COLUMN held  numeric(20,2) NOT NULL DEFAULT 0;
