// A third-party client of the P2P Clinic local API: Connect's gRPC-web transport over HTTP/1.1,
// with code generated from protos/ by protoc-gen-es. Run by tests/P2PClinic.Api.Tests.
//
// Environment: P2PCLINIC_NODE (base URL), P2PCLINIC_TOKEN (bearer token), ORG_NAME, ORG_NEW_NAME.
// Prints one JSON object describing what the node answered; exits non-zero if any step fails.
import assert from "node:assert/strict";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-node";
import { OrgService } from "./gen/p2pclinic/orgs/v1/orgs_pb.js";
import { NodeService } from "./gen/p2pclinic/node/v1/node_pb.js";

const baseUrl = required("P2PCLINIC_NODE");
const token = required("P2PCLINIC_TOKEN");
const orgName = required("ORG_NAME");
const newName = required("ORG_NEW_NAME");

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

function transport(bearer) {
  return createGrpcWebTransport({
    baseUrl,
    httpVersion: "1.1",
    interceptors: bearer
      ? [(next) => async (req) => {
          req.header.set("authorization", `Bearer ${bearer}`);
          return next(req);
        }]
      : [],
  });
}

const orgs = createClient(OrgService, transport(token));
const node = createClient(NodeService, transport(token));

const created = await orgs.createOrg({ name: orgName });
assert.equal(created.name, orgName);
assert.ok(created.id.length > 0, "the created org has an id");

const listed = await orgs.listOrgs({});
const found = listed.orgs.find((o) => o.id === created.id);
assert.ok(found, "the created org is listed");

const renamed = await orgs.renameOrg({ id: created.id, name: newName });
assert.equal(renamed.name, newName);

const status = await node.getStatus({});

let unauthenticated = "none";
try {
  await createClient(OrgService, transport(null)).listOrgs({});
} catch (e) {
  unauthenticated = Code[ConnectError.from(e).code];
}

let wrongToken = "none";
try {
  await createClient(OrgService, transport("not-the-token")).listOrgs({});
} catch (e) {
  wrongToken = Code[ConnectError.from(e).code];
}

console.log(JSON.stringify({
  created: { id: created.id, name: created.name },
  listedNames: listed.orgs.map((o) => o.name),
  renamed: { id: renamed.id, name: renamed.name },
  status: { version: status.version, dataDirectory: status.dataDirectory, plugins: status.plugins.map((p) => p.id) },
  unauthenticated,
  wrongToken,
}));
