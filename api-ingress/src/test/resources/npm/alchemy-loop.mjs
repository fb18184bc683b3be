// The alchemy loop as a user of the npm client @zeldafan0225/ai_horde drives it: a requester asks for an
// interrogation and an upscale, an alchemist pops both forms at once, uploads the upscaled webp to its link and submits both
// results, the requester reads the status and downloads the image; a second interrogation is cancelled.
// Prints what it saw as one JSON line; the Java test asserts on it.
import { AIHorde } from "@zeldafan0225/ai_horde";
import { readFileSync } from "node:fs";

const { HORDE_URL, REQUESTER_KEY, OWNER_KEY, IMAGE } = process.env;
const horde = new AIHorde({ api_route: HORDE_URL, client_agent: "npm-alchemy-loop:1:test" });
const image = readFileSync(IMAGE);
const seen = {};

const accepted = await horde.postAsyncInterrogate(
  { forms: [{ name: "interrogation" }, { name: "RealESRGAN_x2plus" }], source_image: image.toString("base64") },
  { token: REQUESTER_KEY });
seen.accepted = accepted;

let popped = { forms: null };
for (let i = 0; i < 5 && !popped.forms; i++) {
  popped = await horde.postInterrogationPop(
    { name: "npm-alchemist", forms: ["interrogation", "RealESRGAN_x2plus"], amount: 2, bridge_agent: "npm:1:test" },
    { token: OWNER_KEY });
}
seen.pop = Object.fromEntries(popped.forms.map((form) => [form.form,
  { hasSource: Boolean(form.source_image), hasUpload: Boolean(form.r2_upload) }]));

seen.rewards = {};
for (const form of popped.forms) {
  if (form.r2_upload) {
    seen.upload = (await fetch(form.r2_upload, { method: "PUT", body: image })).status;
  }
  // The client's type says result is a string; the horde (as the reference) takes an object.
  const result = form.form === "interrogation"
    ? { interrogation: { tags: [{ text: "dragon", confidence: 0.9 }] } } : { [form.form]: "R2" };
  seen.rewards[form.form] = (await horde.postInterrogationSubmit({ id: form.id, result }, { token: OWNER_KEY })).reward;
}

let status = { state: "waiting" };
for (let i = 0; i < 50 && status.state !== "done"; i++) {
  status = await horde.getInterrogationStatus(accepted.id, { force: true });
  if (status.state !== "done") await new Promise((resolve) => setTimeout(resolve, 100));
}
seen.state = status.state;
seen.tags = status.forms.find((form) => form.form === "interrogation").result.interrogation.tags;
const link = status.forms.find((form) => form.form === "RealESRGAN_x2plus").result.RealESRGAN_x2plus;
seen.sameBytes = Buffer.from(await (await fetch(link)).arrayBuffer()).equals(image);

const second = await horde.postAsyncInterrogate({ forms: [{ name: "aesthetic" }], source_image: image.toString("base64") },
  { token: REQUESTER_KEY });
const cancelled = await horde.deleteInterrogationRequest(second.id);
seen.cancelled = { state: cancelled.state, form: cancelled.forms[0].state };
console.log(JSON.stringify(seen));
