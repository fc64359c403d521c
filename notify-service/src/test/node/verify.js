// Independent verification of Ripple's webhooks (run by IndependentVerificationIT).
// Input (argv[2]): {"secrets": ["whsec_…"], "publicKeys": ["whpk_…"], "schemas": "<dir>",
//                   "deliveries": [{"headers": {…}, "body": "<exact body>"}], "vectorA": "<Ripple's signature>"}
// Output (stdout): one JSON object with a verdict per delivery.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { Webhook } = require("standardwebhooks");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validators = {};
for (const file of fs.readdirSync(input.schemas)) {
  const schema = JSON.parse(fs.readFileSync(path.join(input.schemas, file), "utf8"));
  validators[schema.properties.type.const] = ajv.compile(schema);
}

// The verifier docs/webhooks.md publishes for v1a (no official library checks it).
function verifyV1a(publicKey, headers, body) {
  const raw = Buffer.from(publicKey.replace(/^whpk_/, ""), "base64");
  const key = crypto.createPublicKey({
    key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]),
    format: "der",
    type: "spki",
  });
  const signed = Buffer.from(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`, "utf8");
  return headers["webhook-signature"]
    .split(" ")
    .filter((s) => s.startsWith("v1a,"))
    .some((s) => crypto.verify(null, signed, key, Buffer.from(s.slice(4), "base64")));
}

function attempt(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: `${e.name}: ${e.message}` };
  }
}

const results = input.deliveries.map(({ headers, body }) => {
  const bySecret = input.secrets.map((secret) => attempt(() => new Webhook(secret).verify(body, headers)));
  const payload = JSON.parse(body);
  const validate = validators[payload.type];
  const schemaOk = validate ? validate(payload) : false;
  const tampered = attempt(() => new Webhook(input.secrets[0]).verify(body.replace(/}$/, " }"), headers));
  return {
    id: headers["webhook-id"],
    type: payload.type,
    v1: bySecret.map((r) => (r.ok ? "ok" : r.error)),
    v1a: input.publicKeys.map((k) => verifyV1a(k, headers, body)),
    schema: schemaOk ? "ok" : validate ? JSON.stringify(validate.errors) : "no schema for " + payload.type,
    tamperedRejected: !tampered.ok,
  };
});

const vectorA = new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign(
  "msg_p5jXN8AQM9LWM0D4loKWxJek",
  new Date(1614265330 * 1000),
  '{"test": 2432232314}'
);
process.stdout.write(
  JSON.stringify({
    results,
    vectorA: { node: vectorA, ripple: input.vectorA, equal: vectorA === input.vectorA },
  })
);
