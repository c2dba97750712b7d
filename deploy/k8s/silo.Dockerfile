# The silo image. Build from the repository root:
#   docker build -f deploy/k8s/silo.Dockerfile -t authz-silo:latest .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the layer is reused until a package changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains/Authz.Grains.csproj src/Grains/
COPY src/Silo/Authz.Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Authz.Silo.csproj
COPY src/Grains/ src/Grains/
COPY src/Silo/ src/Silo/
RUN dotnet publish src/Silo/Authz.Silo.csproj --no-restore -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Kestrel listens where Health:Address/Health:Port say; the image's default port 8080 would only add a warning.
ENV ASPNETCORE_HTTP_PORTS=
USER $APP_UID
# Silo-to-silo, Orleans gateway (for the Authz gateways), gRPC health.
EXPOSE 11111 30000 8081
ENTRYPOINT ["dotnet", "Authz.Silo.dll"]
