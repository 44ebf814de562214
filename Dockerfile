# Multi-stage build of the web app. docker compose up builds and runs it with PostgreSQL and Redis.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY Trading.Data/Trading.Data.csproj Trading.Data/
COPY Trading.Web/Trading.Web.csproj Trading.Web/
RUN dotnet restore Trading.Web/Trading.Web.csproj
COPY Trading.Data/ Trading.Data/
COPY Trading.Web/ Trading.Web/
RUN dotnet publish Trading.Web/Trading.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Trading__DataFolder=/app/data
RUN mkdir -p /app/data && chown app /app/data
USER app
EXPOSE 8080
# bash's /dev/tcp keeps the image free of curl/wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q "200 OK" <&3'
ENTRYPOINT ["dotnet", "Trading.Web.dll"]
