-- Dreamers (image workers, spec W2): what they allow, as their last pop said (null for other kinds), and the
-- work every worker delivered (tokens for text, pixel-steps for images).
ALTER TABLE workers ADD COLUMN max_pixels integer;
ALTER TABLE workers ADD COLUMN img2img boolean;
ALTER TABLE workers ADD COLUMN painting boolean;
ALTER TABLE workers ADD COLUMN post_processing boolean;
ALTER TABLE workers ADD COLUMN lora boolean;
ALTER TABLE workers ADD COLUMN controlnet boolean;
ALTER TABLE workers ADD COLUMN sdxl_controlnet boolean;
ALTER TABLE workers ADD COLUMN things_generated bigint NOT NULL DEFAULT 0;
