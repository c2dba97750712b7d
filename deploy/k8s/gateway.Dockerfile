# The gateway image. Build from the repository root:
#   docker build -f deploy/k8s/gateway.Dockerfile -t authz-gateway:latest .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the layer is reused until a package changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains/Authz.Grains.csproj src/Grains/
COPY src/Silo/Authz.Silo.csproj src/Silo/
COPY src/Gateway/Authz.Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/Authz.Gateway.csproj
COPY protos/ protos/
COPY src/ src/
RUN dotnet publish src/Gateway/Authz.Gateway.csproj --no-restore -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Kestrel listens where Gateway:Address/Gateway:Port say; the image's default port 8080 would only add a warning.
ENV ASPNETCORE_HTTP_PORTS=
USER $APP_UID
# The public gRPC API (plain-text HTTP/2), with grpc.health.v1.Health and reflection.
EXPOSE 50051
ENTRYPOINT ["dotnet", "Authz.Gateway.dll"]
