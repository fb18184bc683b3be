-- image-stats: what each user contributed and asked for in images (the records of its details, spec §1.5),
-- summed as text-stats sums text's user_records. Pixel-steps, shown as megapixel-steps.
CREATE TABLE image_user_records (
  user_id                bigint PRIMARY KEY,
  contribution_pixelsteps bigint NOT NULL DEFAULT 0,
  fulfillment_image      bigint NOT NULL DEFAULT 0,
  usage_pixelsteps       bigint NOT NULL DEFAULT 0,
  request_image          bigint NOT NULL DEFAULT 0
);
