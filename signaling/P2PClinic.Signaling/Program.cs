using P2PClinic.Signaling;

var builder = WebApplication.CreateBuilder(args);
builder.AddSignaling();

var app = builder.Build();
app.MapSignaling();
app.Run();
