#!/usr/bin/env python3
"""Writes sync-v1.json: golden vectors of the sync protocol (docs/protocol.md, "Sync protocol").

An independent implementation of the document, in Python with the `cryptography` package and plain integer
arithmetic for P-256, so the C# tests check the node against a second reading of the spec, not against itself.
Run it only when the protocol version changes: the vectors are a contract with every peer of version 1.
"""
import hashlib, hmac, json, struct, uuid
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def hkdf_extract(salt, ikm):
    return hmac.new(salt if salt else b"\0" * 32, ikm, hashlib.sha256).digest()

def hkdf_expand(prk, info, length):
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]

def hkdf(ikm, salt, info, length):
    return hkdf_expand(hkdf_extract(salt, ikm), info, length)

# --- P-256 (SEC 2), affine arithmetic --------------------------------------------------------------
p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
a = p - 3
b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
     0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)

def add(P, Q):
    if P is None: return Q
    if Q is None: return P
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0: return None
    if P == Q:
        l = (3 * P[0] * P[0] + a) * pow(2 * P[1], -1, p) % p
    else:
        l = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (l * l - P[0] - Q[0]) % p
    return (x, (l * (P[0] - x) - P[1]) % p)

def mul(k, P):
    R = None
    while k:
        if k & 1: R = add(R, P)
        P = add(P, P)
        k >>= 1
    return R

def neg(P): return (P[0], (-P[1]) % p)

def decompress(hexstr):
    raw = bytes.fromhex(hexstr)
    x = int.from_bytes(raw[1:], "big")
    y = pow((x ** 3 + a * x + b) % p, (p + 1) // 4, p)
    if y % 2 != raw[0] % 2: y = p - y
    return (x, y)

def enc(P): return b"\x04" + P[0].to_bytes(32, "big") + P[1].to_bytes(32, "big")

# RFC 9382 section 6
M = decompress("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f")
N = decompress("03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49")

def lp(field): return struct.pack("<Q", len(field)) + field

# --- the vectors ---------------------------------------------------------------------------------
password = "correct horse battery staple"
org_id = uuid.UUID("0190a0b1-c2d3-4e5f-8a9b-0c1d2e3f4051")
iterations = 100_000
auth_key = hashlib.pbkdf2_hmac("sha256", password.encode(), (org_id.hex + ":auth").encode(), iterations, 32)
encryption_key = hashlib.pbkdf2_hmac("sha256", password.encode(), (org_id.hex + ":encrypt").encode(), iterations, 32)
w = int.from_bytes(hkdf(auth_key, b"", b"p2pclinic/sync/v1 spake2 w", 48), "big") % n
w_bytes = w.to_bytes(32, "big")

peer_a = "AAAAAAAAAAAAAAAAAAAAAA"   # sorts first: role A
peer_b = "BBBBBBBBBBBBBBBBBBBBBB"
fp_a = "sha-256 " + ":".join(["A1"] * 32)
fp_b = "sha-256 " + ":".join(["B2"] * 32)
version = 1
aad = (b"p2pclinic/sync" + b"\0" + bytes([version]) + org_id.bytes
       + struct.pack(">H", len(fp_a)) + fp_a.encode() + struct.pack(">H", len(fp_b)) + fp_b.encode())

x = int.from_bytes(hashlib.sha256(b"vector x").digest(), "big") % n
y = int.from_bytes(hashlib.sha256(b"vector y").digest(), "big") % n
pA = add(mul(x, G), mul(w, M))
pB = add(mul(y, G), mul(w, N))
K = mul(x, add(pB, neg(mul(w, N))))
assert K == mul(y, add(pA, neg(mul(w, M))))
tt = lp(peer_a.encode()) + lp(peer_b.encode()) + lp(enc(pA)) + lp(enc(pB)) + lp(enc(K)) + lp(w_bytes)
tt_hash = hashlib.sha256(tt).digest()
ke, ka = tt_hash[:16], tt_hash[16:]
# RFC 9382 section 4: KcA || KcB = KDF(nil, Ka, "ConfirmationKeys" || AAD): HKDF with salt nil, IKM Ka.
kc = hkdf(ka, b"", b"ConfirmationKeys" + aad, 32)
c_a = hmac.new(kc[:16], tt, hashlib.sha256).digest()
c_b = hmac.new(kc[16:], tt, hashlib.sha256).digest()

prk = hkdf_extract(tt_hash, ke + encryption_key)
key_ab = hkdf_expand(prk, b"p2pclinic/sync/v1 seal A->B", 32)
key_ba = hkdf_expand(prk, b"p2pclinic/sync/v1 seal B->A", 32)

def varuint(v):
    out = b""
    while True:
        byte = v & 0x7f
        v >>= 7
        if v:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])

def varbytes(data): return varuint(len(data)) + data

def seal(key, counter, kind, plaintext):
    nonce = b"\0\0\0\0" + struct.pack(">Q", counter)
    return bytes([kind]) + AESGCM(key).encrypt(nonce, plaintext, bytes([kind]))

state_vector = bytes.fromhex("01b2d3e50a05")  # one client (id 0x0a5ce932), clock 5: any y state vector
update = bytes.fromhex("0101b2d3e50a0004010474657374016101")  # opaque to the framing
step1 = varuint(0) + varuint(0) + varbytes(state_vector)
step2 = varuint(0) + varuint(1) + varbytes(update)
upd = varuint(0) + varuint(2) + varbytes(update)
presence_json = '{"name":"Ana","online":true}'
awareness_update = varuint(1) + varuint(3141592653) + varuint(7) + varbytes(presence_json.encode())
awareness = varuint(1) + varbytes(awareness_update)
close_plain = bytes([4]) + "leaving the org".encode()

code = "ABCDEFGH"
invite_salt = bytes(range(16))
invite_nonce = bytes(range(100, 112))
invite_iterations = 100_000
invite_json = json.dumps({"v": 1, "roomId": "3f1e7c0a-9b2d-4c5e-8f60-718293a4b5c6", "orgId": org_id.hex,
                          "iterations": 600000, "name": "Acme Clinic", "color": "#4f7cac"}, separators=(",", ":")).encode()
header = bytes([1]) + struct.pack(">I", invite_iterations) + invite_salt + invite_nonce
invite_key = hashlib.pbkdf2_hmac("sha256", code.encode(), b"p2pclinic/invite/v1" + invite_salt, invite_iterations, 32)
invite_blob = header + AESGCM(invite_key).encrypt(invite_nonce, invite_json, header)

h = lambda data: data.hex()
vectors = {
    "comment": "Golden vectors of sync protocol version 1 (docs/protocol.md). Made by make_sync_vectors.py; never edit by hand.",
    "hello": h(bytes([1]) + b"P2PS" + bytes([1, 1]) + struct.pack(">I", 0)),
    "keys": {"password": password, "orgId": org_id.hex, "iterations": iterations,
             "authKey": h(auth_key), "encryptionKey": h(encryption_key)},
    "spake2": {"w": h(w_bytes), "peerA": peer_a, "peerB": peer_b, "fingerprintA": fp_a, "fingerprintB": fp_b,
               "version": version, "aad": h(aad), "x": h(x.to_bytes(32, "big")), "y": h(y.to_bytes(32, "big")),
               "shareFrameA": h(bytes([2]) + enc(pA)), "shareFrameB": h(bytes([2]) + enc(pB)), "K": h(enc(K)),
               "transcriptHash": h(tt_hash), "Ke": h(ke), "confirmFrameA": h(bytes([3]) + c_a), "confirmFrameB": h(bytes([3]) + c_b)},
    "session": {"keyAToB": h(key_ab), "keyBToA": h(key_ba)},
    "messages": {"syncStep1": h(step1), "syncStep2": h(step2), "update": h(upd), "awareness": h(awareness),
                 "stateVector": h(state_vector), "updatePayload": h(update), "presenceJson": presence_json},
    "sealed": [
        {"direction": "A->B", "counter": 0, "kind": 0x10, "plaintext": h(step1), "frame": h(seal(key_ab, 0, 0x10, step1))},
        {"direction": "A->B", "counter": 1, "kind": 0x11, "plaintext": h(step2[:5]), "frame": h(seal(key_ab, 1, 0x11, step2[:5]))},
        {"direction": "A->B", "counter": 2, "kind": 0x10, "plaintext": h(step2[5:]), "frame": h(seal(key_ab, 2, 0x10, step2[5:]))},
        {"direction": "B->A", "counter": 0, "kind": 0x10, "plaintext": h(awareness), "frame": h(seal(key_ba, 0, 0x10, awareness))},
        {"direction": "B->A", "counter": 1, "kind": 0x12, "plaintext": h(close_plain), "frame": h(seal(key_ba, 1, 0x12, close_plain))},
    ],
    "refuse": h(bytes([4, 1]) + "this node speaks sync protocol 1-1, the peer 2-3".encode()),
    "invite": {"code": code, "displayCode": "ABCD-EFGH", "iterations": invite_iterations, "salt": h(invite_salt),
               "nonce": h(invite_nonce), "payloadJson": invite_json.decode(), "blob": h(invite_blob)},
}
with open(__file__.replace("make_sync_vectors.py", "sync-v1.json"), "w") as out:
    json.dump(vectors, out, indent=2)
    out.write("\n")
