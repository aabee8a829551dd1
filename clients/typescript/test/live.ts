// Against a live server (tests/contract_api/test_typescript_client.py starts it): create a
// measurement avatar, poll it until it is completed, read its measurements, download its GLB.
// Prints one JSON line of what it saw; exits non-zero on the first thing that is wrong.
import { avatarServiceClient, type Schemas } from "../src/index.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const client = avatarServiceClient(required("AVATAR_BASE_URL"), required("AVATAR_TOKEN"));
const deadline = Date.now() + Number(process.env.AVATAR_POLL_TIMEOUT_S ?? "240") * 1000;

const created = await client.POST("/api/v1/avatars", {
  body: {
    name: "Typed from TypeScript",
    avatarType: "measurement_based",
    measurements: { height: 172, weight: 68 },
  },
});
if (created.error || !created.data) throw new Error(`create: ${JSON.stringify(created.error)}`);
const avatarId: string = created.data.id;

let avatar: Schemas["AvatarBody"] = created.data;
while (avatar.status !== "completed") {
  if (avatar.status === "failed") throw new Error(`the avatar failed: ${JSON.stringify(avatar)}`);
  if (Date.now() > deadline) throw new Error(`still ${avatar.status} at the deadline`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const polled = await client.GET("/api/v1/avatars/{avatar_id}", {
    params: { path: { avatar_id: avatarId } },
  });
  if (polled.error || !polled.data) throw new Error(`get: ${JSON.stringify(polled.error)}`);
  avatar = polled.data;
}

const measured = await client.GET("/api/v1/avatars/{avatar_id}/measurements", {
  params: { path: { avatar_id: avatarId } },
});
if (measured.error || !measured.data) throw new Error(`measurements: ${JSON.stringify(measured.error)}`);
const height: number | null | undefined = measured.data.height;

const glb = avatar.models.find((model) => model.format === "glb");
if (!glb) throw new Error(`no GLB among ${JSON.stringify(avatar.models)}`);
const downloaded = await client.GET("/api/v1/avatars/{avatar_id}/models/{model_id}/download", {
  params: { path: { avatar_id: avatarId, model_id: glb.id } },
  parseAs: "arrayBuffer",
});
if (downloaded.error || !downloaded.data) throw new Error(`download: ${downloaded.response.status}`);
const bytes = new Uint8Array(downloaded.data);
const magic = new TextDecoder().decode(bytes.subarray(0, 4));

console.log(
  JSON.stringify({
    avatarId,
    status: avatar.status,
    height,
    estimated: measured.data.estimated,
    downloadedBytes: bytes.byteLength,
    contentType: downloaded.response.headers.get("content-type"),
    magic,
  }),
);
