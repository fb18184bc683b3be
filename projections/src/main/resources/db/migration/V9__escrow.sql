-- Evaluating kudos (escrow, decision 0016): the part of an untrusted user's earnings held until they are
-- trusted. With the balance it is what the account holds, so balance + escrow of every account sums to zero.
ALTER TABLE account_balances ADD COLUMN escrow numeric(20,2) NOT NULL DEFAULT 0;
