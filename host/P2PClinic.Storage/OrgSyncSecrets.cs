namespace P2PClinic.Storage;

/// <summary>
/// The keys a shared org's password yields, kept beside its metadata (never synced, never the password itself), and
/// whether a member has confirmed them yet (false between a join and the first successful authentication).
/// </summary>
/// <param name="AuthKey">32 bytes: the SPAKE2 password key.</param>
/// <param name="EncryptionKey">32 bytes: mixed into every session's sealing keys.</param>
/// <param name="Iterations">The PBKDF2 iterations the keys were derived with.</param>
/// <param name="Confirmed">Whether a member accepted the password.</param>
public sealed record OrgSyncSecrets(byte[] AuthKey, byte[] EncryptionKey, int Iterations, bool Confirmed);
