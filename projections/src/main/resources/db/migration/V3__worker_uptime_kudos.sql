-- A worker's kudos_rewards (spec W2) is what it generated plus its uptime rewards: kudos_details
-- {generated, uptime}.
ALTER TABLE workers ADD COLUMN kudos_uptime numeric(20,2) NOT NULL DEFAULT 0;
