// The image loop as a user of the npm client @zeldafan0225/ai_horde drives it: a requester asks, a dreamer pops,
// uploads its webp to the pop's link and submits "R2", the requester reads the status and downloads the image.
// Prints what it saw as one JSON line; the Java test asserts on it.
import { AIHorde } from "@zeldafan0225/ai_horde";
import { readFileSync } from "node:fs";

const { HORDE_URL, REQUESTER_KEY, OWNER_KEY, IMAGE, MODEL } = process.env;
const horde = new AIHorde({ api_route: HORDE_URL, client_agent: "npm-image-loop:1:test" });
const image = readFileSync(IMAGE);
const seen = {};

const accepted = await horde.postAsyncImageGenerate(
  { prompt: "a horde of dragons", params: { width: 512, height: 512, steps: 10 }, models: [MODEL] },
  { token: REQUESTER_KEY });
seen.accepted = accepted;

let job = { id: null };
for (let i = 0; i < 5 && !job.id; i++) {
  job = await horde.postImageGenerationPop(
    { name: "npm-dreamer", models: [MODEL], bridge_version: 9, bridge_agent: "AI Horde Worker reGen:9.0.1:https://github.com/Haidra-Org/horde-worker-reGen", max_pixels: 1048576 },
    { token: OWNER_KEY });
}
seen.pop = { id: job.id, model: job.model, seed: job.payload?.seed, hasUpload: Boolean(job.r2_upload) };

const upload = await fetch(job.r2_upload, { method: "PUT", body: image });
seen.upload = upload.status;
const submitted = await horde.postImageGenerationSubmit(
  { id: job.id, generation: "R2", seed: Number(job.payload.seed) }, { token: OWNER_KEY });
seen.reward = submitted.reward;

let check = { done: false };
for (let i = 0; i < 50 && !check.done; i++) {
  check = await horde.getImageGenerationCheck(accepted.id, { force: true });
  if (!check.done) await new Promise((resolve) => setTimeout(resolve, 100));
}
seen.done = check.done;
const status = await horde.getImageGenerationStatus(accepted.id, { force: true });
const generation = status.generations[0];
const downloaded = Buffer.from(await (await fetch(generation.img)).arrayBuffer());
seen.generation = { id: generation.id, seed: generation.seed, worker: generation.worker_name,
  sameBytes: downloaded.equals(image) };
console.log(JSON.stringify(seen));
