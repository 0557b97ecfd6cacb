namespace P2PClinic.Signaling.Internal.Api;

/// <summary>The v1 API's routes, under <c>/v1</c>; also the log category of its handlers.</summary>
internal sealed class SignalingEndpoints
{
    public const string Prefix = "/v1";

    private SignalingEndpoints()
    {
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(Prefix);
        ShareCodeEndpoints.Map(api);
        RoomEndpoints.Map(api);
        MailboxEndpoints.Map(api);
    }
}
