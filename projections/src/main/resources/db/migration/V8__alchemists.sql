-- Alchemists (interrogation workers, spec W1/W2): the forms they serve, as their last pop said (null for other
-- kinds; the reference shows them as the details' "forms"). Their speed is seconds per form, and null while
-- they have delivered nothing (their performance then reads "No requests fulfilled yet"); other kinds still
-- get the default speed of V1 (1 token/s, 1 megapixel-step/s).
ALTER TABLE workers ADD COLUMN forms text[];
ALTER TABLE workers ALTER COLUMN speed DROP NOT NULL;

-- alchemy-stats: what each user fulfilled and asked for in alchemy forms (the records' "interrogation", spec
-- §1.5). The reference records a form only when it is delivered, to its alchemist's owner (fulfillment) and to
-- its requester (request): no things, no activation count. Counters, so not idempotent: only right because
-- the projector commits its offsets in the same transaction.
CREATE TABLE alchemy_user_records (
  user_id                   bigint PRIMARY KEY,
  fulfillment_interrogation bigint NOT NULL DEFAULT 0,
  request_interrogation     bigint NOT NULL DEFAULT 0
);
