-- image-stats: one row per image job that ended (DELIVERED, FAULTED or TIMED_OUT), for statistics. No prompt, no
-- image. things are its pixel-steps (width × height × steps).
CREATE TABLE image_jobs (
  job_id            uuid        PRIMARY KEY,
  request_id        text        NOT NULL,
  kind              text        NOT NULL,
  -- ok, censored or csam when DELIVERED; null otherwise
  state             text,
  model             text        NOT NULL,
  things            bigint      NOT NULL,
  worker_id         uuid        NOT NULL,
  worker_owner_id   bigint      NOT NULL,
  requester_user_id bigint      NOT NULL,
  client_agent      text        NOT NULL,
  bridge_agent      text        NOT NULL,
  occurred_at       timestamptz NOT NULL
);
CREATE INDEX image_jobs_occurred_at ON image_jobs (occurred_at);
CREATE INDEX image_jobs_model_occurred_at ON image_jobs (model, occurred_at);
